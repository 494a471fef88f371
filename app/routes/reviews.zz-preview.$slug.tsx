import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ReviewHistory } from "~/components/review-history";
import { requireUser } from "~/lib/auth.server";
import { getPolicyBySlug } from "~/models/policy.server";
import { reviewHistoryForPolicy } from "~/models/review.server";

// TEMPORARY preview for a screenshot; deleted afterwards.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const p = await getPolicyBySlug(params.slug ?? "");
  if (!p) throw new Response("no", { status: 404 });
  return json({ history: await reviewHistoryForPolicy(p.id) });
}
export default function Preview() {
  const { history } = useLoaderData<typeof loader>();
  return <ReviewHistory history={history} />;
}
