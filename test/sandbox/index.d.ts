// Typings for the CRM sandbox (test/sandbox/index.js), so strict TypeScript tests can import it.

export interface SandboxOptions {
	/** 0 (default) = any free port */
	port?: number;
	/** default 127.0.0.1 */
	host?: string;
	/** PRNG seed for faults and seed data (default 1) */
	seed?: number;
	plan?: 'starter' | 'pro';
	/** accepted HubSpot private-app bearer tokens (default ['pat-sandbox-token']) */
	tokens?: string[];
	/** generic CRM access-token lifetime in seconds (default 60) */
	jwtTtlSec?: number;
	/** folder holding the vendor folders (default test/sandbox itself); for the sandbox's own loading tests */
	vendorDir?: string;
}

export interface HubSpotRecord {
	id: string;
	properties: Record<string, string | null>;
	createdAt: string;
	updatedAt: string;
	archived: boolean;
	archivedAt?: string;
}

export interface PropertyDefinitionInput {
	name: string;
	label?: string;
	type?: 'string' | 'number' | 'enumeration' | 'datetime' | 'date' | 'bool' | 'phone_number';
	fieldType?: string;
	groupName?: string;
	options?: Array<{ label: string; value: string; displayOrder: number; hidden: boolean }>;
	hasUniqueValue?: boolean;
	readOnlyValue?: boolean;
	description?: string;
}

export interface HubSpotSeedCounts {
	contacts?: number;
	companies?: number;
	deals?: number;
	meetings?: number;
	tasks?: number;
	notes?: number;
}

export interface HubSpotSeedResult {
	companies: string[];
	contacts: string[];
	deals: string[];
	meetings: string[];
	tasks: string[];
	notes: string[];
}

export interface ChangeEntry {
	objectType: string;
	id: string;
	changeType: 'created' | 'updated' | 'archived';
	at: number;
	changed: Record<string, string | null>;
	sourceId?: string;
}

export interface ChangedRecord {
	objectType: string;
	id: string;
	changeType: 'created' | 'updated' | 'archived';
	changedAt: number;
	record: HubSpotRecord | undefined;
}

export interface HubSpotStore {
	/** stored records of a type in API shape with every stored property (archived: false by default) */
	list(type: string, options?: { archived?: boolean }): HubSpotRecord[];
	getRecord(type: string, id: string): HubSpotRecord | undefined;
	count(type: string): number;
	associationsOf(fromType: string, fromId: string, toType: string): Array<{ toObjectId: number; typeIds: number[] }>;
	owners: Array<{ id: string; email: string; firstName: string; lastName: string; userId: number; createdAt: string; updatedAt: string; archived: boolean; teams: unknown[] }>;
	changes: ChangeEntry[];
}

export interface HubSpotOAuth {
	clientId: string;
	clientSecret: string;
	accessTokenTtlSec: number;
	scopes: string[];
	/** issue an authorization code without going through /oauth/authorize */
	issueCode(redirectUri?: string): string;
	/** make every issued access token expired */
	expireAccessTokens(): void;
}

export interface WebhookSubscription {
	id: number;
	createdAt: string;
	updatedAt: string;
	eventType: string;
	propertyName?: string;
	active: boolean;
}

export interface HubSpotSandbox {
	readonly baseUrl: string;
	/** accepted private-app tokens; mutable */
	tokens: string[];
	store: HubSpotStore;
	oauth: HubSpotOAuth;
	developer: { apiKey: string; apps: Map<string, { settings: { targetUrl: string; throttling: { maxConcurrentRequests: number; period: string }; createdAt: string; updatedAt: string } | null; subscriptions: WebhookSubscription[] }> };
	portalId: number;
	appId: number;
	seed(counts: HubSpotSeedCounts, seedNumber?: number): HubSpotSeedResult;
	setPlan(plan: 'starter' | 'pro'): void;
	resetRateLimits(): void;
	/** signed webhook deliveries (also `sb.webhooks`) */
	webhooks: Sandbox['webhooks'];
	addObjectType(name: string, def?: { properties?: PropertyDefinitionInput[]; singular?: string; primaryDisplayProperty?: string; searchableProperties?: string[] }): { name: string; objectTypeId: string };
	addProperty(type: string, def: PropertyDefinitionInput): unknown;
	freezeClock(at: string | number): void;
	unfreezeClock(): void;
	/** the earliest timestamp (ms) the next write will get: a safe `changes.since` cursor (the write clock may run a few ms ahead of Date.now()) */
	now(): number;
	changes: {
		/** records changed at or after ms, one entry per record (its latest change), oldest first */
		since(ms: number): ChangedRecord[];
		all(): ChangeEntry[];
	};
}

export interface GenericCredentials {
	username: string;
	password: string;
	apiKey: string;
	clientId: string;
	clientSecret: string;
	jwtTtlSec: number;
	refreshTtlSec: number;
	jwtSecret: string;
	personalToken: string;
}

export type GenericResource = 'users' | 'clients' | 'projects' | 'tasks' | 'comments' | 'contacts' | 'deals' | 'activities';

export interface GenericSandbox {
	readonly baseUrl: string;
	credentials: GenericCredentials;
	store: {
		list(resource: GenericResource): Array<Record<string, any>>;
		get(resource: GenericResource, id: number): Record<string, any> | undefined;
	};
	seed(counts: Partial<Record<GenericResource, number>>, seedNumber?: number): Record<string, number[]>;
	setTokenTtl(sec: number): void;
	/** shift the server's clock (token expiry only) */
	advanceTime(ms: number): void;
	resetTime(): void;
	/** issue 13: the event platform (generic/webhooks.js) */
	webhooks: {
		config: { maxAttempts: number; retryDelayMs: number; timeoutMs: number };
		hooks: Map<number, { id: number; url: string; events: string[]; secret: string; active: boolean }>;
		deliveries: Array<{ id: number; webhook_id: number; event_id: string; event_type: string; status: 'pending' | 'succeeded' | 'failed'; response_code: number | null; attempts: number }>;
		events: Array<{ id: string; type: string; created: number; data: { object: string; id: number; action: string; changes: Record<string, { from: unknown; to: unknown }> } }>;
		deliver(
			url: string,
			event: unknown,
			options: { secret: string; timestamp?: number; forge?: 'signature' | 'body' | 'unsigned'; signature?: string; webhookId?: number | string; headers?: Record<string, string> },
		): Promise<{ status: number; body: any; requestHeaders: Record<string, string>; requestBody: string }>;
		/** every request the platform sent to an endpoint that answered (headers and body as sent) */
		sent: Array<{ url: string; headers: Record<string, string>; body: string; status: number }>;
		sign(secret: string, timestamp: string | number, body: string): string;
		flush(): Promise<void>;
		reset(): void;
	};
	/** issue 13: the custom resources, one per paging style (generic/custom.js) */
	custom: {
		styles: Record<'page' | 'offset' | 'cursor' | 'link' | 'next', { id: string; updated: string; created: string; list: string; one: string; update: 'PUT' | 'PATCH'; since: boolean }>;
		store: { list(): Array<Record<string, any>>; count(): number; get(id: number): Record<string, any> | undefined };
		seed(n: number): void;
	};
	setRateLimit(next: { limit?: number; windowMs?: number; style?: 'x' | 'ietf' | 'ietf-legacy' | 'none' }): void;
	resetRateLimits(): void;
	/** after n more requests with a JWT, every token issued so far expires (mid-run expiry) */
	expireTokensAfter(n: number): void;
	/** logins and refreshes answered */
	authCalls: { login: number; refresh: number; refreshRefused: number };
}

export interface FaultConfig {
	status503Rate?: number;
	status429Rate?: number;
	/** socket destroyed before processing: nothing written */
	dropBeforeRate?: number;
	/** request processed (writes applied), then socket destroyed */
	dropAfterRate?: number;
	/** alias of dropBeforeRate */
	dropRate?: number;
	delayMs?: number;
	failRecord?: (input: any) => boolean;
	onlyPaths?: RegExp;
	methods?: string[];
	seed?: number;
}

export interface LogEntry {
	method: string;
	path: string;
	query: Record<string, string>;
	body: unknown;
	/** 0 when the connection was dropped */
	status: number;
	at: number;
	fault?: 'drop-before' | 'drop-after' | '503' | '429';
}

export interface DeliverOptions {
	clientSecret: string;
	signatureVersion?: 'v1' | 'v2' | 'v3';
	forge?: boolean;
	/** override X-HubSpot-Request-Timestamp (ms) */
	timestamp?: number;
	headers?: Record<string, string>;
}

export interface DeliveryResult {
	status: number;
	body: unknown;
	requestHeaders: Record<string, string>;
	requestBody: string;
	error?: string;
}

export interface WebhookEventInput {
	eventId?: number;
	subscriptionId?: number;
	portalId?: number;
	appId?: number;
	occurredAt?: number;
	subscriptionType?: string;
	attemptNumber?: number;
	objectId?: number;
	propertyName?: string;
	propertyValue?: string;
	changeSource?: string;
	sourceId?: string;
	[key: string]: unknown;
}

export interface Sandbox {
	url: string;
	port: number;
	hubspot: HubSpotSandbox;
	generic: GenericSandbox;
	/** Salesforce (`test/sandbox/salesforce`): see README.md. */
	salesforce: { baseUrl: string; [key: string]: any };
	/** Pipedrive (`test/sandbox/pipedrive`): see README.md. */
	pipedrive: { baseUrl: string; [key: string]: any };
	/** Freshsales (`test/sandbox/freshsales`): see README.md. */
	freshsales: { baseUrl: string; [key: string]: any };
	/** Dynamics 365 / Dataverse (`test/sandbox/dynamics`): see README.md. */
	dynamics: { baseUrl: string; [key: string]: any };
	/** Brivity (`test/sandbox/brivity`): see README.md. */
	brivity: { baseUrl: string; coreUrl: string; secureUrl: string; keys: string[]; [key: string]: any };
	/** GraphQL CRM (`test/sandbox/graphql`): see README.md. */
	graphql: { baseUrl: string; endpoint: string; [key: string]: any };
	/** Zoho CRM (`test/sandbox/zoho`): see README.md. */
	zoho: { baseUrl: string; [key: string]: any };
	/** n8n's public API, Data Tables only (`test/sandbox/n8n`): the pack's Data Table stores. */
	n8n: {
		baseUrl: string;
		/** The n8n API credential's Base URL. */
		apiUrl: string;
		/** API keys accepted as `X-N8N-API-KEY`. */
		keys: string[];
		/** A table's rows by name, as the public API returns them; undefined when there is no such table. */
		rows(name: string): Array<Record<string, unknown>> | undefined;
		tableNames(): string[];
		reset(): void;
		snapshot(): unknown;
		restore(snapshot: unknown): void;
	};
	faults: { set(config: FaultConfig): void; clear(): void; get(): FaultConfig };
	log: {
		all(): LogEntry[];
		/** by exact `METHOD /path` (path includes the /hubspot or /generic prefix) or predicate */
		count(key: string | ((e: LogEntry) => boolean)): number;
		reset(): void;
	};
	webhooks: {
		deliver(url: string, events: WebhookEventInput[], options: DeliverOptions): Promise<DeliveryResult>;
		/** deliver events for every CRM write to url, batched up to 100 per request; returns unsubscribe */
		subscribe(target: { url: string; clientSecret: string; signatureVersion?: 'v1' | 'v2' | 'v3'; eventTypes?: string[] }): () => void;
		unsubscribeAll(): void;
		/** wait for queued automatic deliveries */
		flush(): Promise<void>;
		deliveries: DeliveryResult[];
		sign(version: 'v1' | 'v2' | 'v3', p: { secret: string; method: string; uri: string; body: string; timestamp?: string | number }): string;
	};
	close(): Promise<void>;
}

export function startSandbox(options?: SandboxOptions): Promise<Sandbox>;
