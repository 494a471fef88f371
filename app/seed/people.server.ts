import { createPerson } from "~/models/person.server";
import { createTeam } from "~/models/team.server";
import type { Role } from "~/store/schema";

export const DEMO_PASSWORD = "untangle-demo";

const TEAMS = [
  { slug: "customer-support", name: "Customer Support", description: "Answers customers by phone, chat and email; handles refunds and complaints." },
  { slug: "finance", name: "Finance", description: "Pays, invoices, budgets and approves spending." },
  { slug: "it", name: "IT", description: "Laptops, accounts, access and the internal tools everyone depends on." },
  { slug: "people", name: "People & HR", description: "Hiring, onboarding, leave, pay questions and wellbeing." },
  { slug: "sales", name: "Sales", description: "Wins and grows customer accounts; quotes, discounts and contracts." },
  { slug: "operations", name: "Operations", description: "Facilities, travel, purchasing and the supply of everything physical." },
] as const;

export type TeamSlug = (typeof TEAMS)[number]["slug"];

const PEOPLE: Array<{ name: string; email: string; team: TeamSlug; role: Role }> = [
  { name: "Amara Okafor", email: "admin@example.com", team: "operations", role: "admin" },
  { name: "Maarten de Vries", email: "manager@example.com", team: "finance", role: "manager" },
  { name: "Eva Janssen", email: "employee@example.com", team: "customer-support", role: "employee" },
  { name: "Sofia Lindqvist", email: "sofia@example.com", team: "customer-support", role: "manager" },
  { name: "Daniel Mensah", email: "daniel@example.com", team: "customer-support", role: "employee" },
  { name: "Priya Raman", email: "priya@example.com", team: "it", role: "manager" },
  { name: "Tom Bakker", email: "tom@example.com", team: "it", role: "employee" },
  { name: "Lotte Visser", email: "lotte@example.com", team: "people", role: "manager" },
  { name: "Jonas Weber", email: "jonas@example.com", team: "people", role: "employee" },
  { name: "Carmen Ruiz", email: "carmen@example.com", team: "sales", role: "manager" },
  { name: "Kwame Asante", email: "kwame@example.com", team: "sales", role: "employee" },
  { name: "Hana Sato", email: "hana@example.com", team: "finance", role: "employee" },
  { name: "Ruben Smit", email: "ruben@example.com", team: "operations", role: "manager" },
  { name: "Noor El Amrani", email: "noor@example.com", team: "operations", role: "employee" },
  { name: "Felix Hoffmann", email: "felix@example.com", team: "customer-support", role: "employee" },
  { name: "Grace Liu", email: "grace@example.com", team: "sales", role: "employee" },
  { name: "Olivia Brown", email: "olivia@example.com", team: "finance", role: "admin" },
  // Enough people in Customer Support and Operations for their culture-pulse results to pass
  // the five-answer threshold (the other teams stay under it, as they would).
  { name: "Mila Jovanović", email: "mila@example.com", team: "customer-support", role: "employee" },
  { name: "Samir Haddad", email: "samir@example.com", team: "customer-support", role: "employee" },
  { name: "Julia Kowalska", email: "julia@example.com", team: "customer-support", role: "employee" },
  { name: "Bram Peeters", email: "bram@example.com", team: "operations", role: "employee" },
  { name: "Aisha Bello", email: "aisha@example.com", team: "operations", role: "employee" },
  { name: "Lars Nilsson", email: "lars@example.com", team: "operations", role: "employee" },
  { name: "Yusuf Demir", email: "yusuf@example.com", team: "operations", role: "employee" },
];

export type SeededOrg = {
  teams: Record<TeamSlug, string>;
  people: Record<string, string>; // email → id
  admin: string;
  manager: string;
  employee: string;
};

/** Creates the demo teams and people through the domain functions. */
export async function seedPeople(): Promise<SeededOrg> {
  const teams = {} as Record<TeamSlug, string>;
  for (const t of TEAMS) teams[t.slug] = (await createTeam({ actor: null, input: t })).id;
  const people: Record<string, string> = {};
  for (const p of PEOPLE) {
    const created = await createPerson({
      actor: null,
      input: { name: p.name, email: p.email, teamId: teams[p.team], role: p.role, password: DEMO_PASSWORD },
    });
    people[p.email] = created.id;
  }
  return {
    teams,
    people,
    admin: people["admin@example.com"],
    manager: people["manager@example.com"],
    employee: people["employee@example.com"],
  };
}
