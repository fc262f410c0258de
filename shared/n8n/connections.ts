import type { NodeConnectionType } from 'n8n-workflow';

/**
 * n8n's main connection, for node descriptions' inputs and outputs. A typed literal,
 * not MAIN: that object exists only from n8n-workflow 1.83 on,
 * and n8n 1.82 and older (down to 1.50, the oldest version the pack supports) load
 * none of the pack's nodes when a description reads it. test/unit/n8nVersions.test.ts
 * keeps shipped code to what the oldest supported n8n-workflow exports.
 */
export const MAIN: NodeConnectionType = 'main';
