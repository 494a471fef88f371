import type { ImplementationStatus, ProposalKind } from "~/store/schema";
import { useT } from "./i18n";

/** Small labels of the reviews area: kind, proposal status, implementation, review status. */
export function KindBadge({ kind }: { kind: ProposalKind }) {
  const t = useT();
  return <span className="badge badge-info">{t(`reviews.kinds.${kind}`)}</span>;
}

const STATUS_CLASS: Record<string, string> = {
  open: "badge",
  withdrawn: "badge badge-muted",
  adopted: "badge badge-ok",
  rejected: "badge badge-danger",
  deferred: "badge badge-warn",
};

export function ProposalStatusBadge({ status }: { status: "open" | "withdrawn" | "adopted" | "rejected" | "deferred" }) {
  const t = useT();
  return <span className={STATUS_CLASS[status]}>{t(`reviews.proposalStatus.${status}`)}</span>;
}

export function ImplementationBadge({ status }: { status: ImplementationStatus }) {
  const t = useT();
  const cls = status === "done" ? "badge badge-ok" : status === "in-progress" ? "badge badge-info" : "badge badge-warn";
  return (
    <span className={cls}>
      {t("reviews.implementation.label")}: {t(`reviews.implementation.${status}`)}
    </span>
  );
}

export function ReviewStatusBadge({ status, votingOpen, closing = false }: { status: "open" | "closed"; votingOpen: boolean; closing?: boolean }) {
  const t = useT();
  if (closing) return <span className="badge badge-warn">{t("reviews.status.closing")}</span>;
  if (status === "closed") return <span className="badge badge-muted">{t("reviews.status.closed")}</span>;
  if (!votingOpen) return <span className="badge badge-warn">{t("reviews.status.votingClosed")}</span>;
  return <span className="badge badge-ok">{t("reviews.status.open")}</span>;
}
