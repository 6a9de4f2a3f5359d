// Identifiers: what the SDK hands out (`CommunicationIdentifierKind`, with `kind`) and what
// the engine reads (the four plain shapes of @azure/communication-common).

import { describe, invalid } from './errors.js';

/** The SDK's `CommunicationIdentifierKind` for an identifier from the engine. */
export function withKind(id) {
  if ('communicationUserId' in id) {
    return { kind: 'communicationUser', communicationUserId: id.communicationUserId };
  }
  if ('microsoftTeamsUserId' in id) {
    const isAnonymous = id.isAnonymous === true;
    const prefix = isAnonymous ? '8:teamsvisitor:' : '8:orgid:';
    return {
      kind: 'microsoftTeamsUser',
      microsoftTeamsUserId: id.microsoftTeamsUserId,
      isAnonymous,
      cloud: 'public',
      rawId: prefix + id.microsoftTeamsUserId,
    };
  }
  if ('phoneNumber' in id) {
    return { kind: 'phoneNumber', phoneNumber: id.phoneNumber, rawId: `4:${id.phoneNumber}` };
  }
  return { kind: 'unknown', id: id.id };
}

/** An identifier as the engine takes it: a tagged string (`c:alice`, `t:…`, `a:…`, `p:…`, `u:…`). */
export function tagged(id) {
  if ('communicationUserId' in id) return `c:${id.communicationUserId}`;
  if ('microsoftTeamsUserId' in id) return `${id.isAnonymous ? 'a' : 't'}:${id.microsoftTeamsUserId}`;
  if ('phoneNumber' in id) return `p:${id.phoneNumber}`;
  return `u:${id.id}`;
}

/** The raw id that names one person, as `getIdentifierRawId` spells it. */
export function rawId(id) {
  if ('communicationUserId' in id) return id.communicationUserId;
  return withKind(id).rawId ?? id.id;
}

/** Reads a `CommunicationIdentifier` from the caller; extra fields (`kind`, `rawId`) are fine. */
export function readIdentifier(value, name) {
  const text = (key) => {
    const v = value[key];
    return typeof v === 'string' ? v : undefined;
  };
  let id;
  if (value !== null && typeof value === 'object') {
    if (text('communicationUserId') !== undefined) {
      id = { communicationUserId: text('communicationUserId') };
    } else if (text('microsoftTeamsUserId') !== undefined) {
      id = { microsoftTeamsUserId: text('microsoftTeamsUserId') };
      if (value.isAnonymous === true) id.isAnonymous = true;
    } else if (text('phoneNumber') !== undefined) {
      id = { phoneNumber: text('phoneNumber') };
    } else if (text('id') !== undefined) {
      id = { id: text('id') };
    }
  }
  if (!id) {
    throw invalid(
      name,
      `expected an identifier such as { communicationUserId: '...' }, got ${describe(value)}`,
    );
  }
  const raw = Object.values(id)[0];
  if (raw.trim() === '') throw invalid(name, 'the identifier must not be empty');
  if (raw.length > 256) throw invalid(name, 'the identifier is longer than 256 bytes');
  return id;
}
