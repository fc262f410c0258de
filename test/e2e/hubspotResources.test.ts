/**
 * End to end through n8n-core (light runner): the workflow JSON files in
 * workflows/hubspot-resources-*.json run the built HubSpot (CRM Pack) node on
 * the resources other than contacts (companies, deals, meetings, tasks, notes, a
 * custom object) and the associate operation, against the CRM sandbox. Every test
 * checks the node's output items, the sandbox's store and the exact requests in
 * its log.
 */
import type { IDataObject } from "n8n-workflow";

import type { HubSpotRecord, Sandbox } from "../sandbox";
import { hubspotPrivateApp } from "./helpers/credentials";
import { Harness } from "./helpers/harness";

const NODE = "HubSpot";
const OBJECTS = "/hubspot/crm/v3/objects";

let sb: Sandbox;
/** Workflows hubspot-resources-<name>.json run from the HubSpot node, fed items (what an upstream node would send). */
const h = new Harness({
  seed: 23,
  node: NODE,
  workflows: "hubspot-resources-",
  credentials: (s) => hubspotPrivateApp(s),
  setup: (x) => {
    sb = x.sb;
    sb.hubspot.addObjectType("p_pets", {
      singular: "pet",
      primaryDisplayProperty: "pet_name",
      properties: [
        { name: "pet_name" },
        { name: "chip_id", hasUniqueValue: true },
        { name: "species" },
      ],
    });
  },
});
const { run, output, calls } = h;

const bodyOf = (n = 0): unknown => sb.log.all()[n].body;

/** The one stored record of a type whose property has this value. */
function find(type: string, property: string, value: string): HubSpotRecord {
  const found = sb.hubspot.store
    .list(type)
    .filter((r) => r.properties[property] === value);
  expect(found).toHaveLength(1);
  return found[0];
}

describe("HubSpot resources through n8n (light runner, sandbox)", () => {
  let acmeId: string;
  let initechId: string;
  let adaId: string;
  let meetingId: string;

  it("company create: two companies in ONE batch/create call, Simplified (neutral) output paired to the inputs", async () => {
    const out = output(
      await run("companies-create", [
        {
          name: "Acme Corp",
          domain: "acme.example",
          extra: { city: "Springfield", numberofemployees: 250 },
        },
        { name: "Initech", domain: "initech.example" },
      ]),
    );
    expect(calls()).toEqual([`POST ${OBJECTS}/companies/batch/create`]);
    expect(bodyOf()).toEqual({
      inputs: [
        {
          properties: {
            city: "Springfield",
            numberofemployees: "250",
            name: "Acme Corp",
            domain: "acme.example",
          },
          objectWriteTraceId: "0",
        },
        {
          properties: { name: "Initech", domain: "initech.example" },
          objectWriteTraceId: "1",
        },
      ],
    });

    expect(sb.hubspot.store.count("companies")).toBe(2);
    const acme = find("companies", "name", "Acme Corp");
    const initech = find("companies", "name", "Initech");
    acmeId = acme.id;
    initechId = initech.id;
    expect(acme.properties).toMatchObject({
      domain: "acme.example",
      city: "Springfield",
      numberofemployees: "250",
    });
    expect(initech.properties).toMatchObject({ domain: "initech.example" });
    expect(initech.properties.city).toBeUndefined();

    expect(out).toEqual([
      {
        json: {
          id: acmeId,
          name: "Acme Corp",
          domain: "acme.example",
          numberOfEmployees: 250,
          address: { city: "Springfield" },
          createdAt: acme.createdAt,
          updatedAt: acme.updatedAt,
          custom: {},
        },
        pairedItem: { item: 0 },
      },
      {
        json: {
          id: initechId,
          name: "Initech",
          domain: "initech.example",
          createdAt: initech.createdAt,
          updatedAt: initech.updatedAt,
          custom: {},
        },
        pairedItem: { item: 1 },
      },
    ]);
  });

  it("company get many (return all, chosen properties): one list call, neutral records in store order", async () => {
    const out = output(await run("companies-get-many", [{}]));
    expect(calls()).toEqual([`GET ${OBJECTS}/companies`]);
    expect(sb.log.all()[0].query).toEqual({
      limit: "100",
      properties: "name,domain,city,numberofemployees",
    });
    const acme = sb.hubspot.store.getRecord("companies", acmeId)!;
    const initech = sb.hubspot.store.getRecord("companies", initechId)!;
    expect(out).toEqual([
      {
        json: {
          id: acmeId,
          name: "Acme Corp",
          domain: "acme.example",
          address: { city: "Springfield" },
          numberOfEmployees: 250,
          createdAt: acme.createdAt,
          updatedAt: acme.updatedAt,
          custom: {},
        },
        pairedItem: { item: 0 },
      },
      {
        json: {
          id: initechId,
          name: "Initech",
          domain: "initech.example",
          createdAt: initech.createdAt,
          updatedAt: initech.updatedAt,
          custom: {},
        },
        pairedItem: { item: 0 },
      },
    ]);
  });

  it("deal create: pipeline and stage from Additional Fields, amount a number in the Simplified output", async () => {
    const out = output(
      await run("deals-create", [
        { name: "Acme renewal", amount: "1500.50", stage: "qualifiedtobuy" },
        { name: "Initech upsell", amount: "42", stage: "closedwon" },
      ]),
    );
    expect(calls()).toEqual([`POST ${OBJECTS}/deals/batch/create`]);
    expect(bodyOf()).toEqual({
      inputs: [
        {
          properties: {
            pipeline: "default",
            dealstage: "qualifiedtobuy",
            dealname: "Acme renewal",
            amount: "1500.50",
          },
          objectWriteTraceId: "0",
        },
        {
          properties: {
            pipeline: "default",
            dealstage: "closedwon",
            dealname: "Initech upsell",
            amount: "42",
          },
          objectWriteTraceId: "1",
        },
      ],
    });
    const renewal = find("deals", "dealname", "Acme renewal");
    const upsell = find("deals", "dealname", "Initech upsell");
    expect(renewal.properties).toMatchObject({
      pipeline: "default",
      dealstage: "qualifiedtobuy",
      amount: "1500.50",
    });
    expect(upsell.properties).toMatchObject({
      pipeline: "default",
      dealstage: "closedwon",
      amount: "42",
    });

    expect(out).toEqual([
      {
        json: {
          id: renewal.id,
          name: "Acme renewal",
          amount: 1500.5,
          stage: "qualifiedtobuy",
          pipeline: "default",
          createdAt: renewal.createdAt,
          updatedAt: renewal.updatedAt,
          custom: {},
        },
        pairedItem: { item: 0 },
      },
      {
        json: {
          id: upsell.id,
          name: "Initech upsell",
          amount: 42,
          stage: "closedwon",
          pipeline: "default",
          createdAt: upsell.createdAt,
          updatedAt: upsell.updatedAt,
          custom: {},
        },
        pairedItem: { item: 1 },
      },
    ]);
    expect(typeof out[0].json.amount).toBe("number");
  });

  it("meeting create from a Neutral Record (JSON): hs_meeting_* and hs_timestamp (= start) in the exact batch body", async () => {
    const out = output(
      await run("meetings-create", [
        {
          title: "Kick-off with Acme",
          startTime: "2026-03-02T10:00:00+01:00",
          endTime: "2026-03-02T10:45:00+01:00",
          location: "Room 4",
          description: "Agenda: scope",
        },
      ]),
    );
    expect(calls()).toEqual([`POST ${OBJECTS}/meetings/batch/create`]);
    expect(bodyOf()).toEqual({
      inputs: [
        {
          properties: {
            hs_meeting_title: "Kick-off with Acme",
            // the neutral times, converted to UTC
            hs_meeting_start_time: "2026-03-02T09:00:00Z",
            hs_meeting_end_time: "2026-03-02T09:45:00Z",
            hs_meeting_location: "Room 4",
            hs_meeting_body: "Agenda: scope",
            // HubSpot requires an activity date on meetings: the start time
            hs_timestamp: "2026-03-02T09:00:00Z",
          },
          objectWriteTraceId: "0",
        },
      ],
    });
    const meeting = find("meetings", "hs_meeting_title", "Kick-off with Acme");
    meetingId = meeting.id;
    expect(meeting.properties).toMatchObject({
      hs_meeting_start_time: "2026-03-02T09:00:00.000Z",
      hs_meeting_end_time: "2026-03-02T09:45:00.000Z",
      hs_timestamp: "2026-03-02T09:00:00.000Z",
    });
    expect(out).toEqual([
      {
        json: {
          id: meetingId,
          title: "Kick-off with Acme",
          startTime: "2026-03-02T09:00:00Z",
          endTime: "2026-03-02T09:45:00Z",
          location: "Room 4",
          description: "Agenda: scope",
          createdAt: meeting.createdAt,
          updatedAt: meeting.updatedAt,
          // hs_timestamp has no neutral home: carried as HubSpot stored it
          custom: { hs_timestamp: "2026-03-02T09:00:00.000Z" },
        },
        pairedItem: { item: 0 },
      },
    ]);
  });

  it("task create from neutral records: status and priority mapped to HubSpot values and back; a task without a due date is due when created (hs_timestamp is required)", async () => {
    const started = Date.now();
    const out = output(
      await run("tasks-create", [
        {
          subject: "Send proposal",
          status: "inProgress",
          priority: "high",
          dueDate: "2026-03-05T17:00:00Z",
        },
        {
          subject: "Book follow-up",
          status: "Not Started",
          priority: "normal",
        },
        { subject: "Archive notes", status: "done", priority: "low" },
      ]),
    );
    const ended = Date.now();
    expect(calls()).toEqual([`POST ${OBJECTS}/tasks/batch/create`]);
    // HubSpot refuses a task without hs_timestamp; the pack sends the moment of the create (nodes/HubSpot/connector/mapping.ts).
    const now = String(
      (bodyOf() as { inputs: Array<{ properties: Record<string, string> }> }).inputs[1].properties.hs_timestamp,
    );
    expect(now).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Date.parse(now)).toBeGreaterThanOrEqual(started);
    expect(Date.parse(now)).toBeLessThanOrEqual(ended);
    expect(bodyOf()).toEqual({
      inputs: [
        {
          properties: {
            hs_task_subject: "Send proposal",
            hs_task_status: "IN_PROGRESS",
            hs_task_priority: "HIGH",
            hs_timestamp: "2026-03-05T17:00:00Z",
          },
          objectWriteTraceId: "0",
        },
        {
          properties: {
            hs_task_subject: "Book follow-up",
            hs_task_status: "NOT_STARTED",
            hs_task_priority: "MEDIUM",
            hs_timestamp: now,
          },
          objectWriteTraceId: "1",
        },
        {
          properties: {
            hs_task_subject: "Archive notes",
            hs_task_status: "COMPLETED",
            hs_task_priority: "LOW",
            hs_timestamp: now,
          },
          objectWriteTraceId: "2",
        },
      ],
    });
    const stored = ["Send proposal", "Book follow-up", "Archive notes"].map(
      (s) => find("tasks", "hs_task_subject", s),
    );
    expect(
      stored.map((t) => [
        t.properties.hs_task_status,
        t.properties.hs_task_priority,
      ]),
    ).toEqual([
      ["IN_PROGRESS", "HIGH"],
      ["NOT_STARTED", "MEDIUM"],
      ["COMPLETED", "LOW"],
    ]);
    const base = (t: HubSpotRecord) => ({
      id: t.id,
      createdAt: t.createdAt,
      updatedAt: t.updatedAt,
      custom: {},
    });
    expect(out).toEqual([
      {
        json: {
          ...base(stored[0]),
          subject: "Send proposal",
          status: "inProgress",
          priority: "high",
          dueDate: "2026-03-05T17:00:00Z",
        },
        pairedItem: { item: 0 },
      },
      {
        json: {
          ...base(stored[1]),
          subject: "Book follow-up",
          status: "notStarted",
          priority: "normal",
          dueDate: now,
        },
        pairedItem: { item: 1 },
      },
      {
        json: {
          ...base(stored[2]),
          subject: "Archive notes",
          status: "completed",
          priority: "low",
          dueDate: now,
        },
        pairedItem: { item: 2 },
      },
    ]);
  });

  it("note create from a neutral record: hs_note_body and hs_timestamp", async () => {
    const out = output(
      await run("notes-create", [
        { body: "Called Ada, wants a demo", timestamp: "2026-03-01T08:30:00Z" },
      ]),
    );
    expect(calls()).toEqual([`POST ${OBJECTS}/notes/batch/create`]);
    expect(bodyOf()).toEqual({
      inputs: [
        {
          properties: {
            hs_note_body: "Called Ada, wants a demo",
            hs_timestamp: "2026-03-01T08:30:00Z",
          },
          objectWriteTraceId: "0",
        },
      ],
    });
    const note = find("notes", "hs_note_body", "Called Ada, wants a demo");
    expect(note.properties.hs_timestamp).toBe("2026-03-01T08:30:00.000Z");
    expect(out).toEqual([
      {
        json: {
          id: note.id,
          body: "Called Ada, wants a demo",
          timestamp: "2026-03-01T08:30:00Z",
          createdAt: note.createdAt,
          updatedAt: note.updatedAt,
          custom: {},
        },
        pairedItem: { item: 0 },
      },
    ]);
  });

  it("custom object (p_pets, registered in the sandbox): create in one batch call, then search by a property", async () => {
    const created = output(
      await run("custom-create", [
        { name: "Tom", chip: "CHIP-002", species: "cat" },
        { name: "Rex", chip: "CHIP-001", species: "dog" },
        { name: "Felix", chip: "CHIP-001B", species: "cat" },
      ]),
    );
    expect(calls()).toEqual([`POST ${OBJECTS}/p_pets/batch/create`]);
    expect(bodyOf()).toEqual({
      inputs: [
        {
          properties: { pet_name: "Tom", chip_id: "CHIP-002", species: "cat" },
          objectWriteTraceId: "0",
        },
        {
          properties: { pet_name: "Rex", chip_id: "CHIP-001", species: "dog" },
          objectWriteTraceId: "1",
        },
        {
          properties: {
            pet_name: "Felix",
            chip_id: "CHIP-001B",
            species: "cat",
          },
          objectWriteTraceId: "2",
        },
      ],
    });
    expect(sb.hubspot.store.count("p_pets")).toBe(3);
    const [tom, rex, felix] = ["Tom", "Rex", "Felix"].map((n) =>
      find("p_pets", "pet_name", n),
    );
    expect(rex.properties).toMatchObject({
      chip_id: "CHIP-001",
      species: "dog",
    });
    // Custom objects have no neutral shape: Simplified is the id, the properties HubSpot returned, and the timestamps.
    const flat = (r: HubSpotRecord, props: IDataObject) => ({
      id: r.id,
      ...props,
      hs_object_id: r.id,
      hs_createdate: r.properties.hs_createdate,
      hs_lastmodifieddate: r.properties.hs_lastmodifieddate,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    });
    expect(created).toEqual([
      {
        json: flat(tom, {
          pet_name: "Tom",
          chip_id: "CHIP-002",
          species: "cat",
        }),
        pairedItem: { item: 0 },
      },
      {
        json: flat(rex, {
          pet_name: "Rex",
          chip_id: "CHIP-001",
          species: "dog",
        }),
        pairedItem: { item: 1 },
      },
      {
        json: flat(felix, {
          pet_name: "Felix",
          chip_id: "CHIP-001B",
          species: "cat",
        }),
        pairedItem: { item: 2 },
      },
    ]);

    sb.log.reset();
    const found = output(await run("custom-search", [{}]));
    expect(calls()).toEqual([`POST ${OBJECTS}/p_pets/search`]);
    expect(bodyOf()).toEqual({
      filterGroups: [
        {
          filters: [{ propertyName: "species", operator: "EQ", value: "cat" }],
        },
      ],
      sorts: [{ propertyName: "chip_id", direction: "ASCENDING" }],
      limit: 200,
      properties: ["pet_name", "chip_id", "species"],
    });
    // Cats only, by chip_id ascending: CHIP-001B (Felix) before CHIP-002 (Tom).
    expect(
      found.map((i) => [
        i.json.id,
        i.json.pet_name,
        i.json.chip_id,
        i.pairedItem,
      ]),
    ).toEqual([
      [felix.id, "Felix", "CHIP-001B", { item: 0 }],
      [tom.id, "Tom", "CHIP-002", { item: 0 }],
    ]);
    expect(found[0].json).toEqual(
      flat(felix, { pet_name: "Felix", chip_id: "CHIP-001B", species: "cat" }),
    );
  });

  it("associates a contact with a company: one PUT on the v4 default-association path, stored in both directions", async () => {
    sb.hubspot.seed(
      { contacts: 1, companies: 0, deals: 0, meetings: 0, tasks: 0, notes: 0 },
      3,
    );
    adaId = sb.hubspot.store.list("contacts")[0].id;
    sb.log.reset();

    const out = output(
      await run("contacts-associate", [
        { contactId: adaId, companyId: acmeId },
      ]),
    );
    expect(calls()).toEqual([
      `PUT /hubspot/crm/v4/objects/contacts/${adaId}/associations/default/companies/${acmeId}`,
    ]);
    expect(sb.log.all()[0].query).toEqual({});
    expect(sb.log.all()[0].status).toBe(200);

    expect(
      sb.hubspot.store.associationsOf("contacts", adaId, "companies"),
    ).toEqual([{ toObjectId: Number(acmeId), typeIds: [279] }]);
    expect(
      sb.hubspot.store.associationsOf("companies", acmeId, "contacts"),
    ).toEqual([{ toObjectId: Number(adaId), typeIds: [280] }]);
    expect(
      sb.hubspot.store.associationsOf("companies", initechId, "contacts"),
    ).toEqual([]);

    expect(out).toHaveLength(1);
    expect(out[0].pairedItem).toEqual({ item: 0 });
    expect(out[0].json).toEqual({
      fromObjectType: "contacts",
      fromId: adaId,
      toObjectType: "companies",
      toId: acmeId,
      associated: true,
      result: {
        status: "COMPLETE",
        results: [
          {
            from: { id: adaId },
            to: { id: acmeId },
            associationSpec: {
              associationCategory: "HUBSPOT_DEFINED",
              associationTypeId: 279,
            },
          },
          {
            from: { id: acmeId },
            to: { id: adaId },
            associationSpec: {
              associationCategory: "HUBSPOT_DEFINED",
              associationTypeId: 280,
            },
          },
        ],
        startedAt: expect.any(String),
        completedAt: expect.any(String),
      },
    });
  });

  it("associates a meeting with a contact: one PUT per item, the association visible in the store", async () => {
    const out = output(
      await run("meetings-associate", [{ meetingId, contactId: adaId }]),
    );
    expect(calls()).toEqual([
      `PUT /hubspot/crm/v4/objects/meetings/${meetingId}/associations/default/contacts/${adaId}`,
    ]);
    expect(
      sb.hubspot.store.associationsOf("meetings", meetingId, "contacts"),
    ).toEqual([{ toObjectId: Number(adaId), typeIds: [199] }]);
    expect(
      sb.hubspot.store.associationsOf("contacts", adaId, "meetings"),
    ).toEqual([{ toObjectId: Number(meetingId), typeIds: [200] }]);
    // The contact's company association is untouched.
    expect(
      sb.hubspot.store.associationsOf("contacts", adaId, "companies"),
    ).toEqual([{ toObjectId: Number(acmeId), typeIds: [279] }]);
    expect(
      out.map((i) => [
        i.json.fromObjectType,
        i.json.fromId,
        i.json.toObjectType,
        i.json.toId,
        i.json.associated,
        i.pairedItem,
      ]),
    ).toEqual([["meetings", meetingId, "contacts", adaId, true, { item: 0 }]]);
  });
});
