/** Interface text of the reviews area. */
export const reviews = {
  title: "Reviews",
} as const;
