import { jsonParse, type IDataObject } from 'n8n-workflow';
import { splitBatch } from '../../../shared/webhooks/delivery';
import { objectTypeOf } from './eventTypes';

/** One event of a HubSpot webhook delivery (HubSpot sends up to 100 per request). */
export type HubSpotEvent = IDataObject;

export interface SubscriptionSpec {
	eventType: string;
	/** For `*.propertyChange`: the property the subscription watches. */
	propertyName?: string;
}

export interface EchoFilter {
	/** `changeSource` values that mark our own writes, compared case-insensitively (e.g. INTEGRATION). */
	changeSources: string[];
	/** `sourceId` values that mark our own writes (e.g. the app id the CRM Pack writes with). */
	sourceIds: string[];
}

/**
 * The events of a delivery, parsed from the exact bytes that were verified.
 * HubSpot sends a JSON array of event objects (up to 100); anything else,
 * even when validly signed, is not a delivery the node can read.
 */
export function parseEvents(rawBody: Buffer): { ok: true; entries: HubSpotEvent[] } | { ok: false; reason: string } {
	let parsed: unknown;
	try {
		parsed = jsonParse<unknown>(rawBody.toString('utf8'));
	} catch {
		return { ok: false, reason: 'the body is not JSON' };
	}
	return splitBatch(parsed);
}

/**
 * Key used to drop repeated deliveries. HubSpot retries a failed delivery with
 * the same `eventId`; the id is scoped by portal and subscription because HubSpot
 * does not promise it is unique across them.
 */
export function eventKey(event: HubSpotEvent): string | undefined {
	if (event.eventId === undefined || event.eventId === null || event.eventId === '') return undefined;
	return `${String(event.portalId ?? '')}:${String(event.subscriptionId ?? '')}:${String(event.eventId)}`;
}

function sourceIdMatches(actual: string, wanted: string): boolean {
	if (actual === wanted) return true;
	// HubSpot writes some source ids with a kind prefix (e.g. `userId:123`); a bare id matches its suffix.
	return !wanted.includes(':') && actual.includes(':') && actual.slice(actual.lastIndexOf(':') + 1) === wanted;
}

/**
 * True when the event was caused by our own write: its `sourceId` is one of
 * ours (and, if change sources are given too, its `changeSource` is one of
 * them); with no source ids configured, a matching `changeSource` alone decides.
 */
export function isEcho(event: HubSpotEvent, filter: EchoFilter): boolean {
	const changeSource = typeof event.changeSource === 'string' ? event.changeSource.toUpperCase() : '';
	const sourceId = event.sourceId === undefined || event.sourceId === null ? '' : String(event.sourceId);
	const sources = filter.changeSources.map((s) => s.toUpperCase());
	const sourceMatches = sources.length === 0 || sources.includes(changeSource);
	if (filter.sourceIds.length > 0) {
		return sourceMatches && sourceId !== '' && filter.sourceIds.some((id) => sourceIdMatches(sourceId, id));
	}
	return sources.length > 0 && sourceMatches;
}

/** True when the event is one the node was set to listen to (no list means all). */
export function matchesSubscriptions(event: HubSpotEvent, subscriptions: SubscriptionSpec[]): boolean {
	if (subscriptions.length === 0) return true;
	const type = String(event.subscriptionType ?? '');
	return subscriptions.some(
		(s) => s.eventType === type && (!s.propertyName || !type.endsWith('.propertyChange') || s.propertyName === event.propertyName),
	);
}

export function matchesObjectTypes(event: HubSpotEvent, objectTypes: string[]): boolean {
	if (objectTypes.length === 0) return true;
	const type = objectTypeOf(event);
	return type !== undefined && objectTypes.includes(type);
}

/** Splits a comma- or newline-separated list, dropping blanks. */
export function splitList(value: unknown): string[] {
	if (Array.isArray(value)) return value.map(String).map((s) => s.trim()).filter(Boolean);
	if (typeof value !== 'string') return [];
	return value
		.split(/[,\n]/)
		.map((s) => s.trim())
		.filter(Boolean);
}
