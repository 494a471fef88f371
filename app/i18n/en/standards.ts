/** Interface text of the standards area. */
export const standards = {
  title: "Standards",
} as const;
