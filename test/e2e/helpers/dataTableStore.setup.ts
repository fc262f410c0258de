// Jest project "crm-sync over data table" (jest.config.js): CRM Sync runs keep their state in the Data Table store.
process.env.CRM_SYNC_STATE_STORE = 'dataTable';
