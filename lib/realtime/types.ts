// The shape of one event of a group's log, as the server reads it and the stream sends it
// (plain data: imported by the server and by the browser).

export type LogEvent = {
  seq: number;
  kind: string;
  textId: string | null;
  annotationId: string | null;
  threadId: string | null;
  readingId: string | null;
  actorId: string | null;
  onlyUserId: string | null;
};
