import { Field, TextArea, typed } from "./forms";
import { useT } from "./i18n";

export function TeamFields({
  values,
  errors,
  team,
}: {
  values?: Record<string, string | string[]>;
  errors?: Record<string, string[] | undefined>;
  team?: { name: string; slug: string; description: string };
}) {
  const t = useT();
  return (
    <>
      <Field label={t("admin.name")} name="name" defaultValue={typed(values, "name", team?.name)} errors={errors?.name} />
      <Field label={t("admin.slug")} name="slug" defaultValue={typed(values, "slug", team?.slug)} errors={errors?.slug} />
      <TextArea label={t("admin.description")} name="description" rows={3} defaultValue={typed(values, "description", team?.description)} errors={errors?.description} />
    </>
  );
}
