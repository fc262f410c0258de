import { checkTimestamp, FIVE_MINUTES } from '../../../shared/webhooks';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('replay window', () => {
	test('accepts a timestamp inside the window, in ms or seconds', () => {
		expect(checkTimestamp(String(NOW - 60_000), NOW)).toEqual({ ok: true, timestampMs: NOW - 60_000 });
		expect(checkTimestamp(NOW - 5 * 60_000, NOW)).toEqual({ ok: true, timestampMs: NOW - 5 * 60_000 });
		expect(checkTimestamp(String((NOW - 1000) / 1000), NOW, FIVE_MINUTES, 's')).toEqual({ ok: true, timestampMs: NOW - 1000 });
	});

	test('rejects stale, future, missing and malformed timestamps', () => {
		expect(checkTimestamp(String(NOW - 5 * 60_000 - 1), NOW)).toEqual({ ok: false, reason: 'stale' });
		expect(checkTimestamp(String(NOW + 5 * 60_000 + 1), NOW)).toEqual({ ok: false, reason: 'future' });
		expect(checkTimestamp(undefined, NOW)).toEqual({ ok: false, reason: 'missing' });
		expect(checkTimestamp('', NOW)).toEqual({ ok: false, reason: 'missing' });
		expect(checkTimestamp('yesterday', NOW)).toEqual({ ok: false, reason: 'invalid' });
		expect(checkTimestamp('-5', NOW)).toEqual({ ok: false, reason: 'invalid' });
	});

	test('honours a custom window', () => {
		const window = { maxAgeMs: 1000, maxFutureMs: 0 };
		expect(checkTimestamp(NOW - 1001, NOW, window).ok).toBe(false);
		expect(checkTimestamp(NOW + 1, NOW, window)).toEqual({ ok: false, reason: 'future' });
	});
});
