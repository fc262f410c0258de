/**
 * The CRM-neutral record model. Connectors map vendor records to and from these
 * shapes; validateNeutral is the single place input is normalised, so every CRM
 * sees the same email, phone (E.164) and date (ISO 8601) forms.
 *
 * Conventions, decided once for all kinds:
 * - a missing field is unknown and left alone; null (or a blank string) is a known empty value;
 * - vendor fields without a neutral home go in `custom`, returned as the very object given;
 * - a record without `id` is new and must carry what identifies it (see identityRules);
 *   with an `id`, or with `partial: true`, it may be a partial update.
 */
export * from './callingCodes';
export * from './dates';
export * from './domain';
export * from './email';
export * from './errors';
export * from './fieldMap';
export * from './fields';
export * from './kinds';
export * from './names';
export * from './normalize';
export * from './phone';
export * from './result';
export * from './schemas';
export * from './taskValues';
export * from './validate';
export * from './valueTypes';
export * from './values';
