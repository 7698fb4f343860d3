/**
 * The records crm keeps of each client, dated and imported from journals of their own: visits, deals and NPS
 * answers. Clients themselves are not records.
 */
export type RecordKind = 'visits' | 'deals' | 'nps';

/**
 * What a file crm imports or exports holds, and so what one import batch stored: the clients list, or a journal of
 * one kind of record. Kept apart from RecordKind because what takes a file kind must handle clients too.
 */
export type FileKind = 'clients' | RecordKind;
