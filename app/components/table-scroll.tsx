/**
 * A table's box: on a screen narrower than the table (a phone) the table scrolls sideways
 * inside it, never the page. The box can take the keyboard focus, so that people who do not
 * use a mouse can scroll it with the arrow keys, and it is a named region, so that a screen
 * reader says what the focused box holds. Name it by a heading on the page (`labelledBy`, the
 * heading's id) or in words (`label`).
 */
export function TableScroll({
  label,
  labelledBy,
  className,
  children,
}: {
  label?: string;
  labelledBy?: string;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <div
      className={className ? `table-wrap ${className}` : "table-wrap"}
      tabIndex={0}
      role="region"
      aria-label={labelledBy ? undefined : label}
      aria-labelledby={labelledBy}
    >
      {children}
    </div>
  );
}
