/**
 * Constants of the dashboard and the culture pulse that pages need in the browser too
 * (a `.server` module is empty there).
 */
import { PULSE_QUESTIONS, type PulseQuestion } from "~/store/vocabulary";

/** The dashboard's periods, in months. */
export const PERIODS = [3, 6, 12] as const;
export type Period = (typeof PERIODS)[number];

/** A group's pulse results are shown only when at least this many of it answered. */
export const MIN_RESPONSES = 5;
/** The pulse questions answered on the 1–5 agreement scale; the last one is a percentage. */
export const PERCENT_QUESTION = "week-lost-to-process" as const;
export const SCALE_QUESTIONS = PULSE_QUESTIONS.filter((q) => q !== PERCENT_QUESTION) as Exclude<PulseQuestion, typeof PERCENT_QUESTION>[];
