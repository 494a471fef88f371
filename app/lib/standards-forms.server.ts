import { z } from "zod";
import { withFallback } from "~/models/validate";
import { SERVQUAL_DIMENSIONS } from "~/store/vocabulary";

/** The query strings and small forms of the standards pages, parsed on the server only. */

export const StandardPageQuery = z.object({ compare: withFallback(z.coerce.number().int().min(1).nullable(), null) });

export const StandardIntent = z.enum(["acknowledge", "rate", "submit", "publish", "return", "retire"]);

export const HandbookQuery = z.object({
  q: withFallback(z.string().trim().max(200), ""),
  dimension: withFallback(z.enum(SERVQUAL_DIMENSIONS).nullable(), null),
  customer: withFallback(z.string().trim().min(1).max(100).nullable(), null),
  /** The provider team's id: "what does IT promise?" */
  provider: withFallback(z.string().trim().min(1).max(100).nullable(), null),
  page: withFallback(z.coerce.number().int().min(1), 1),
});

export const CoverageQuery = z.object({ team: withFallback(z.string().trim().min(1).max(100).nullable(), null) });

export const AcknowledgeForm = z.object({ intent: z.literal("acknowledge"), slug: z.string().min(1).max(200) });

export const NewStandardQuery = z.object({ team: withFallback(z.string().trim().min(1).max(100).nullable(), null) });
