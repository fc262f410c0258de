'use strict';
/**
 * The demo's checks of the "one node for every CRM" examples (issue 16), on the
 * sandbox's stores, not only on the run's status:
 * - booking-flow-any-crm.json: run twice with the same sample booking, the
 *   second run updates the appointment the first made (same ids, no second
 *   meeting); through its webhook, a new booking is answered with the ids.
 * - search-across-crms.json: the person written to HubSpot and Salesforce is
 *   one merged item whose sources name both records.
 */

const BOOKING_ID = 'crmPackBookingAnyCrm';
const SEARCH_ID = 'crmPackSearchAcross';
const BOOKING_MARK = 'Booking ID: ';

/** The example's HubSpot meeting with this booking id (kept whole in hs_internal_meeting_notes). */
function meetingsOfBooking(sb, bookingId) {
	return sb.hubspot.store.list('meetings').filter((m) => m.properties.hs_internal_meeting_notes === `${BOOKING_MARK}${bookingId}`);
}

function linked(sb, meetingId, contactId) {
	return sb.hubspot.store.associationsOf('meetings', String(meetingId), 'contacts').some((a) => String(a.toObjectId) === String(contactId));
}

/** Run 1 (`reply` of the first n8n execute) and run 2 (`execute` again): created, then the same appointment updated. */
async function checkBookingRuns({ sb, reply, executeAgain }) {
	if (!reply || !reply.appointmentId || !reply.customerId) return { ok: false, did: `no ids in the Reply: ${JSON.stringify(reply)}` };
	const first = meetingsOfBooking(sb, reply.bookingId);
	const again = await executeAgain();
	const problems = [];
	if (reply.appointmentResult !== 'created') problems.push(`first run ${reply.appointmentResult}`);
	if (!again || again.appointmentResult !== 'updated' || String(again.appointmentId) !== String(reply.appointmentId)) problems.push(`second run: ${JSON.stringify(again)}`);
	const after = meetingsOfBooking(sb, reply.bookingId);
	if (first.length !== 1 || after.length !== 1) problems.push(`${after.length} meetings hold booking ${reply.bookingId}`);
	if (!linked(sb, reply.appointmentId, reply.customerId)) problems.push('meeting not associated with the customer');
	return {
		ok: problems.length === 0,
		did: problems.length
			? problems.join('; ')
			: `booking ${reply.bookingId}: customer ${reply.customerId} (${reply.customerResult}), meeting ${reply.appointmentId} created, then updated by the same booking sent again (one meeting, associated)`,
	};
}

/** A booking POSTed to the published webhook: the answer is the Reply (n8n's "last node" response) with the ids. */
async function checkBookingWebhook({ sb, url }) {
	const booking = {
		bookingId: `demo-webhook-${Date.now()}`,
		firstName: 'Katherine',
		lastName: 'Johnson',
		email: 'katherine.johnson@example.com',
		phone: '+1 757 555 0142',
		startTime: '2026-12-14T15:00:00',
		timeZone: 'America/New_York',
		durationMinutes: 45,
		title: 'Orbit review',
	};
	const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(booking) });
	const text = await res.text();
	let body;
	try {
		body = JSON.parse(text);
	} catch {
		return { ok: false, did: `${res.status}, not JSON: ${text.slice(0, 200)}` };
	}
	const meetings = meetingsOfBooking(sb, booking.bookingId);
	const ok =
		res.status === 200 &&
		body.bookingId === booking.bookingId &&
		body.appointmentResult === 'created' &&
		meetings.length === 1 &&
		String(meetings[0].id) === String(body.appointmentId) &&
		body.startTime === '2026-12-14T20:00:00Z' &&
		linked(sb, body.appointmentId, body.customerId);
	return { ok, did: `${res.status}, answered ${JSON.stringify(body)}; ${meetings.length} meeting(s) hold the booking` };
}

/** The Search node's output: the person of the example merged from HubSpot and Salesforce. */
function checkSearchRun({ output }) {
	const people = output.filter((o) => o.email === 'grace.hopper@navy.example');
	const crms = people.length === 1 ? (people[0].sources || []).map((s) => s.crm).sort() : [];
	const failed = output.filter((o) => o.ok === false);
	const ok = people.length === 1 && crms.join(',') === 'hubspot,salesforce' && failed.length === 0;
	return {
		ok,
		did: `${output.length} item(s); ${people.length} for grace.hopper@navy.example, held by ${crms.join(' and ') || 'none'}${failed.length ? `; failed CRMs: ${failed.map((f) => f.crm).join(', ')}` : ''}`,
	};
}

module.exports = { BOOKING_ID, SEARCH_ID, checkBookingRuns, checkBookingWebhook, checkSearchRun };
