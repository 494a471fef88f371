/** Interface text of the policies area. */
export const policies = {
  title: "Policies",
} as const;
