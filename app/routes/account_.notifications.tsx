import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FormAlert } from "~/components/forms";
import { useT } from "~/components/i18n";
import type { MessageKey } from "~/i18n";
import { requestTranslator } from "~/lib/locale.server";
import { pageTitle } from "~/components/meta";
import { requireUser } from "~/lib/auth.server";
import { failure, formInput } from "~/lib/forms.server";
import { redirectWithNotice } from "~/lib/notice.server";
import { pageData } from "~/lib/page-data.server";
import { channelsOf, saveNotificationSettings } from "~/models/notification.server";
import { NOTIFICATION_CHANNELS, NOTIFICATION_KINDS } from "~/store/schema";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("notifications.settings.title"), t("shell.account.title")]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return pageData({ email: user.email, channels: channelsOf(user.id) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  try {
    await saveNotificationSettings({ actor: user, input: formInput(formData) });
  } catch (error) {
    return failure(error, formData);
  }
  const t = await requestTranslator(request);
  return redirectWithNotice("/account/notifications", t("notifications.settings.saved"));
}

export default function NotificationSettings() {
  const t = useT();
  const { email, channels } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">{t("notifications.settings.title")}</h1>
      <p className="lead">{t("notifications.settings.intro")}</p>
      <p className="hint">{t("notifications.settings.emailTo", { email })}</p>
      <Form method="post" className="stack">
        <FormAlert message={result?.formError} />
        {NOTIFICATION_KINDS.map((kind) => (
          <fieldset key={kind} className="channel-choice">
            <legend>{t(`notifications.kindNames.${kind}` as MessageKey)}</legend>
            <div className="choices">
              {NOTIFICATION_CHANNELS.map((channel) => (
                <label key={channel}>
                  <input type="radio" name={kind} value={channel} defaultChecked={channels[kind] === channel} />{" "}
                  {t(`notifications.settings.channels.${channel}`)}
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        <button type="submit" className="button primary">{t("notifications.settings.save")}</button>
      </Form>
    </section>
  );
}
