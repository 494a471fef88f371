import { z } from "zod";
import { SERVQUAL_DIMENSIONS } from "~/store/vocabulary";

/** The query strings and small forms of the standards pages, parsed on the server only. */

export const StandardPageQuery = z.object({ compare: z.coerce.number().int().min(1).nullable().catch(null) });

export const StandardIntent = z.enum(["acknowledge", "rate", "submit", "publish", "return", "retire"]);

export const HandbookQuery = z.object({
  q: z.string().trim().max(200).catch(""),
  dimension: z.enum(SERVQUAL_DIMENSIONS).nullable().catch(null),
  customer: z.string().trim().min(1).max(100).nullable().catch(null),
  /** The provider team's id: "what does IT promise?" */
  provider: z.string().trim().min(1).max(100).nullable().catch(null),
  page: z.coerce.number().int().min(1).catch(1),
});

export const CoverageQuery = z.object({ team: z.string().trim().min(1).max(100).nullable().catch(null) });

export const AcknowledgeForm = z.object({ intent: z.literal("acknowledge"), slug: z.string().min(1).max(200) });

export const NewStandardQuery = z.object({ team: z.string().trim().min(1).max(100).nullable().catch(null) });
