/** Interface text of the dashboard area. */
export const dashboard = {
  title: "Dashboard",
} as const;
