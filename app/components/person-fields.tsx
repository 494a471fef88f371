import { Field, Select, typed } from "./forms";
import { useT } from "./i18n";

/** The fields of a person shared by the create and edit forms. */
export function PersonFields({
  values,
  errors,
  person,
  teams,
}: {
  values?: Record<string, string | string[]>;
  errors?: Record<string, string[] | undefined>;
  person?: { name: string; email: string; teamId: string; role: string };
  teams: Array<{ id: string; name: string }>;
}) {
  const t = useT();
  return (
    <>
      <Field label={t("admin.name")} name="name" defaultValue={typed(values, "name", person?.name)} errors={errors?.name} autoComplete="off" />
      <Field label={t("admin.email")} name="email" type="email" defaultValue={typed(values, "email", person?.email)} errors={errors?.email} autoComplete="off" />
      <Select
        label={t("admin.team")}
        name="teamId"
        placeholder=""
        options={teams.map((team) => ({ value: team.id, label: team.name }))}
        defaultValue={typed(values, "teamId", person?.teamId)}
        errors={errors?.teamId}
      />
      <Select
        label={t("admin.role")}
        name="role"
        options={(["employee", "manager", "admin"] as const).map((r) => ({ value: r, label: t(`shell.roles.${r}`) }))}
        defaultValue={typed(values, "role", person?.role ?? "employee")}
        errors={errors?.role}
      />
    </>
  );
}
