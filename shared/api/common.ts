import { z } from 'zod';

/** Server-made identifiers (devices, teams, users, policies, tokens) are UUIDs. */
export const IdSchema = z.uuid();

/** ISO 8601 timestamp with offset, as every timestamp in the API. */
export const TimestampSchema = z.iso.datetime({ offset: true });

/** Team names are shown to people; sites group teams (a building, a country). */
export const TeamSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(120),
  site: z.string().min(1).max(120).nullable(),
});
export type Team = z.infer<typeof TeamSchema>;

/** Cursor pagination: pass `nextCursor` back as `cursor` until it is null. */
export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

/** A path parameter that is a server id. */
export const IdParamsSchema = z.object({ id: IdSchema });
