import { z } from 'zod';

// The Daily Papers item as the API sends it (platform-facts §A). Only what a card cannot do
// without is required; every other field is optional and, when malformed, dropped rather than
// failing the item, because the feed adds and reshapes optional fields without notice.
// z.object strips unknown keys, so new fields are ignored.

/** An optional field: absent, null or the wrong type all read as undefined. */
function lenient<T extends z.ZodType>(schema: T) {
  return schema.nullish().catch(undefined);
}

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'not a date' });

const organizationSchema = z.object({
  name: lenient(z.string()),
  fullname: lenient(z.string()),
});

export const hfPaperSchema = z.object({
  id: z.string().min(1),
  title: z.string().refine((s) => s.trim() !== '', { message: 'empty title' }),
  summary: z.string(),
  authors: z.array(z.object({ name: z.string() })),
  upvotes: z.number().finite(),
  publishedAt: isoDate,
  ai_summary: lenient(z.string()),
  ai_keywords: lenient(z.array(z.string())),
  githubRepo: lenient(z.string()),
  githubStars: lenient(z.number().finite()),
  projectPage: lenient(z.string()),
  submittedOnDailyAt: lenient(isoDate),
  withdrawnAt: lenient(isoDate),
  numComments: lenient(z.number().finite()),
  thumbnail: lenient(z.string()),
  organization: lenient(organizationSchema),
});

export const hfDailyItemSchema = z.object({
  paper: hfPaperSchema,
  publishedAt: lenient(isoDate),
  title: lenient(z.string()),
  summary: lenient(z.string()),
  thumbnail: lenient(z.string()),
  numComments: lenient(z.number().finite()),
  organization: lenient(organizationSchema),
});

export type HfPaper = z.infer<typeof hfPaperSchema>;
export type HfDailyItem = z.infer<typeof hfDailyItemSchema>;
export type HfOrganization = z.infer<typeof organizationSchema>;
