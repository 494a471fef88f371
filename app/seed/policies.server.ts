import { getStore } from "~/store/index.server";
import type { Actor } from "~/models/actor";
import { reportFriction } from "~/models/friction-report.server";
import { createPolicy, policyToInput, retirePolicy, revisePolicy, type PolicyInput } from "~/models/policy.server";
import { createPerson, setPersonActive } from "~/models/person.server";
import type { FrictionTag, Mandate, PurposeTag } from "~/store/schema";
import { daysAgo } from "./clock";
import type { SeedContext, SeededPolicies } from "./demo.server";
import { DEMO_PASSWORD, type TeamSlug } from "./people.server";

/**
 * About forty policies of the demo organisation, catalogued 400–250 days ago and revised until
 * 200 days ago, with friction reports from then until now. Honest purposes and estimates; a few
 * without a stated purpose, some overdue, one orphan (its owner has left), a few mandated from
 * outside, one draft and one retired. Everything goes through the domain functions with the
 * seed clock set in the past, in time order.
 */

type Friction = [occurrences: number, steps: number, approvals: number, handoffs: number, active: number, waiting: number];

type Revision = { daysAgo: number; by?: string; note: string; change: Partial<PolicyInput>; reviewed?: boolean };
type Report = [daysAgo: number, email: string, minutes: number, effort: number, what: string];

type SeedPolicy = {
  team: TeamSlug;
  owner: string;
  title: string;
  summary: string;
  body: string;
  purpose: string;
  purposeTags: PurposeTag[];
  external: boolean;
  audienceTeams: TeamSlug[] | "all";
  mandate: Mandate;
  friction: Friction;
  frictionTags: FrictionTag[];
  cycle: number;
  created: number;
  /** Days ago it was last reviewed (before it was catalogued), or never. */
  reviewed: number | null;
  draft?: boolean;
  revisions?: Revision[];
  reports?: Report[];
  retired?: { daysAgo: number; reason: string };
};

const MANAGERS: Record<TeamSlug, string> = {
  "customer-support": "sofia@example.com",
  finance: "manager@example.com",
  it: "priya@example.com",
  people: "lotte@example.com",
  sales: "carmen@example.com",
  operations: "ruben@example.com",
};

/** Someone who owned a policy and has since left: their policy is the demo's orphan. */
const LEAVER = { name: "Henk Mulder", email: "henk@example.com", team: "operations" as TeamSlug };

const POLICIES: SeedPolicy[] = [
  // ---------------------------------------------------------------- Customer Support
  {
    team: "customer-support",
    owner: "sofia@example.com",
    title: "Large refunds need a manager's approval",
    summary: "Agents refund small amounts at once; larger refunds wait for a manager in the approvals queue.",
    body: `## The rule

Refunds **over €25** are approved by a Customer Support manager before they are paid.

- Up to €25: the agent refunds at once and notes the reason in the ticket.
- Over €25: the agent puts the refund in the *approvals queue*; a manager approves or declines it.
- The customer is told the refund "is being processed".

## Why the threshold

Most refund fraud we have seen was between €30 and €200, through repeated claims on one account.`,
    purpose: "Stops repeated or fraudulent refund claims while small refunds stay instant.",
    purposeTags: ["fraud-prevention", "price"],
    external: true,
    audienceTeams: ["finance"],
    mandate: "own",
    friction: [180, 5, 1, 1, 8, 480],
    frictionTags: ["approval", "waiting"],
    cycle: 12,
    created: 395,
    reviewed: null,
    revisions: [
      {
        daysAgo: 300,
        note: "Raised the threshold from €25 to €50: 70% of queued refunds were under €50 and none was fraud.",
        change: {
          summary: "Agents refund up to €50 at once; larger refunds wait for a manager in the approvals queue.",
          body: `## The rule

Refunds **over €50** are approved by a Customer Support manager before they are paid.

- Up to €50: the agent refunds at once and notes the reason in the ticket.
- Over €50: the agent puts the refund in the *approvals queue*; a manager approves or declines it **the same working day**.
- The customer is told when to expect the money.

## Why the threshold

Most refund fraud we have seen was above €50, through repeated claims on one account. Below €50 the approval cost more than it saved.`,
          occurrencesPerMonth: 95,
          waitingMinutes: 300,
        },
        reviewed: true,
      },
    ],
    reports: [
      [380, "employee@example.com", 25, 4, "Customer called back twice asking where their €32 refund was; the queue had not been looked at since yesterday."],
      [350, "daniel@example.com", 15, 3, "Had to explain to the customer why a €40 refund needs 'approval' — they thought we did not believe them."],
      [120, "felix@example.com", 20, 4, "Manager was on leave; the refund sat in the queue for two days."],
      [60, "employee@example.com", 10, 3, "Refund of €65 for a double charge. Obvious case, still waited four hours."],
      [21, "daniel@example.com", 30, 5, "Customer threatened to go to their bank for a chargeback while we waited for approval."],
      [8, "hana@example.com", 5, 2, "Finance side: approvals arrive in batches at 17:00, fine for us."],
    ],
  },
  {
    team: "customer-support",
    owner: "sofia@example.com",
    title: "Customers must call to cancel a subscription",
    summary: "Cancellations are only accepted by phone, not by email, chat or online.",
    body: `## The rule

A subscription can only be cancelled **by phone** with a Customer Support agent.

1. The customer calls the support line.
2. The agent confirms the customer's identity.
3. The agent offers the current retention discount.
4. If the customer still wants to cancel, the agent cancels and sends a confirmation email.

Email and chat requests to cancel are answered with the phone number.`,
    purpose: "",
    purposeTags: [],
    external: true,
    audienceTeams: [],
    mandate: "own",
    friction: [420, 4, 0, 0, 14, 9],
    frictionTags: ["channel-limit", "waiting"],
    cycle: 6,
    created: 390,
    reviewed: 420,
    reports: [
      [330, "felix@example.com", 12, 4, "Customer had already written three emails to cancel; we sent the phone number a third time."],
      [200, "employee@example.com", 18, 5, "Elderly customer could not get through the phone menu and came back on chat, angry."],
      [75, "daniel@example.com", 10, 4, "Chat customer asked why she can sign up online but not cancel online. I had no answer."],
      [33, "felix@example.com", 14, 4, "Wait time on the phone line was 22 minutes; the customer asked us to 'just cancel it' on chat."],
      [12, "employee@example.com", 9, 3, "Second cancellation call of the morning that started with a complaint about having to call."],
    ],
  },
  {
    team: "customer-support",
    owner: "daniel@example.com",
    title: "Complaints are answered in writing within 10 working days",
    summary: "Every formal complaint gets a written answer from a senior agent within ten working days.",
    body: `## The rule

A **formal complaint** (one the customer calls a complaint, or one about money or harm) is:

- acknowledged within 2 working days;
- answered **in writing** within 10 working days by a senior agent;
- logged in the complaints register with its outcome.

The answer explains what we found, what we will do, and how to take the complaint to the ombudsman.`,
    purpose: "Customers get a considered answer they can keep, and can escalate to the ombudsman as the regulator requires.",
    purposeTags: ["service", "compliance"],
    external: true,
    audienceTeams: [],
    mandate: "regulator",
    friction: [60, 6, 1, 2, 45, 2400],
    frictionTags: ["paperwork", "waiting", "hand-off"],
    cycle: 12,
    created: 385,
    reviewed: 390,
    revisions: [
      {
        daysAgo: 260,
        note: "Added the 2-day acknowledgement so customers know their complaint has been received.",
        change: { waitingMinutes: 2200 },
        reviewed: true,
      },
    ],
    reports: [[130, "felix@example.com", 40, 4, "Collecting the whole history for a complaint meant asking Finance and IT for screenshots; it took most of a day."]],
  },
  {
    team: "customer-support",
    owner: "sofia@example.com",
    title: "Identity check before changing an account's email address",
    summary: "Agents check two pieces of identity before changing the email address on an account.",
    body: `## The rule

Before changing the email address on an account, the agent asks for **two** of:

- the postcode and house number on the account;
- the last four digits of the payment card;
- the amount of the last invoice.

If the customer cannot give two, the change is made only through a signed-in session.`,
    purpose: "Stops account takeover: the email address is the key to the account and its refunds.",
    purposeTags: ["fraud-prevention", "safety"],
    external: true,
    audienceTeams: [],
    mandate: "own",
    friction: [300, 3, 0, 0, 6, 0],
    frictionTags: ["paperwork"],
    cycle: 24,
    created: 380,
    reviewed: 380,
    reports: [[40, "daniel@example.com", 8, 2, "Customer did not know the last invoice amount, but the postcode and card digits worked. Fine."]],
  },
  {
    team: "customer-support",
    owner: "felix@example.com",
    title: "Goodwill gestures over €20 are logged in the goodwill sheet",
    summary: "Vouchers and credits given as goodwill are logged in a shared sheet as well as the ticket.",
    body: `## The rule

Any goodwill gesture (voucher, credit, free month) **over €20** is logged in the *goodwill sheet*: date, customer number, amount, reason, agent.

The same details are also written in the ticket.`,
    purpose: "Lets us see where goodwill goes each month and thank customers consistently.",
    purposeTags: ["appreciation", "price"],
    external: false,
    audienceTeams: ["customer-support", "finance"],
    mandate: "own",
    friction: [150, 3, 0, 0, 5, 0],
    frictionTags: ["duplicate-entry"],
    cycle: 12,
    created: 372,
    reviewed: 372,
    revisions: [
      {
        daysAgo: 280,
        note: "Only gestures over €20 are logged now; small ones are in the ticket only.",
        change: { occurrencesPerMonth: 60 },
        reviewed: true,
      },
    ],
    reports: [[150, "employee@example.com", 6, 3, "Typed the same voucher into the ticket and the sheet again. The sheet had a formula error too."]],
  },
  {
    team: "customer-support",
    owner: "sofia@example.com",
    title: "Chat transcripts are kept for 13 months",
    summary: "Chat transcripts are deleted automatically 13 months after the conversation.",
    body: `## The rule

Chat transcripts are kept for **13 months**, then deleted automatically. A transcript linked to an open complaint or dispute is kept until the case is closed.`,
    purpose: "Keeps personal data no longer than needed, while covering a full year of disputes.",
    purposeTags: ["compliance", "quality"],
    external: true,
    audienceTeams: [],
    mandate: "law",
    friction: [20, 2, 0, 0, 3, 0],
    frictionTags: ["jargon"],
    cycle: 24,
    created: 365,
    reviewed: 365,
  },
  {
    team: "customer-support",
    owner: "employee@example.com",
    title: "Escalations to IT go through the team lead",
    summary: "Agents may not raise IT tickets directly; the team lead decides what goes to IT.",
    body: `## The rule

An agent who needs IT (a broken customer account, a system error) tells the **team lead**, who decides whether to raise an IT ticket.

Agents do not contact IT directly.`,
    purpose: "Keeps IT's queue free of duplicates when many customers hit the same fault.",
    purposeTags: ["action"],
    external: false,
    audienceTeams: ["customer-support", "it"],
    mandate: "own",
    friction: [90, 4, 0, 2, 10, 240],
    frictionTags: ["hand-off", "waiting"],
    cycle: 6,
    created: 360,
    reviewed: 400,
    reports: [
      [210, "felix@example.com", 30, 4, "Team lead was in meetings all afternoon; the customer's account stayed locked until the next day."],
      [50, "tom@example.com", 15, 3, "From IT: the ticket came through the lead with half the details missing; had to call the agent anyway."],
    ],
  },

  // ---------------------------------------------------------------- Finance
  {
    team: "finance",
    owner: "manager@example.com",
    title: "Expense claims need receipts",
    summary: "Every item on an expense claim needs a scanned receipt, or the claim is sent back.",
    body: `## The rule

Every item on an expense claim needs a **receipt**, uploaded as a scan or photo.

- A claim with a missing receipt is sent back to the claimant.
- A lost receipt can be replaced by a signed *missing receipt declaration*.

Claims are paid with the next salary run after approval.`,
    purpose: "The tax authority accepts expenses only with proof; receipts also stop double claims.",
    purposeTags: ["compliance", "fraud-prevention"],
    external: false,
    audienceTeams: "all",
    mandate: "own",
    friction: [400, 6, 1, 1, 12, 0],
    frictionTags: ["paperwork", "duplicate-entry"],
    cycle: 12,
    created: 398,
    reviewed: null,
    revisions: [
      {
        daysAgo: 290,
        note: "Receipts are only needed for items over €10; parking and coffee below that are accepted without one.",
        change: {
          summary: "Items over €10 on an expense claim need a scanned receipt; smaller items do not.",
          body: `## The rule

Every item **over €10** on an expense claim needs a **receipt**, uploaded as a scan or photo.

- Items of €10 or less (parking, coffee, a train ticket) need no receipt.
- A claim with a missing receipt is sent back to the claimant.
- A lost receipt can be replaced by a signed *missing receipt declaration*.

Claims are paid with the next salary run after approval.`,
          occurrencesPerMonth: 260,
          activeMinutes: 10,
        },
        reviewed: true,
      },
    ],
    reports: [
      [370, "kwame@example.com", 20, 4, "Claim for a client visit sent back because of a €3.50 parking receipt."],
      [340, "tom@example.com", 15, 3, "The upload only takes one file at a time; I had eleven receipts."],
      [160, "grace@example.com", 10, 3, "Lost a taxi receipt; the missing receipt form needs a manager's signature on paper."],
      [45, "noor@example.com", 12, 3, "Photo of a receipt rejected as 'unreadable' although it was fine on my phone."],
      [14, "kwame@example.com", 8, 2, "Much better since small items need no receipt."],
    ],
  },
  {
    team: "finance",
    owner: "hana@example.com",
    title: "Large expense claims need two signatures",
    summary: "Claims above €1,000 are approved by the line manager and then by Finance.",
    body: `## The rule

An expense claim **above €1,000** is approved twice:

1. by the claimant's line manager;
2. by a Finance controller.

Each approval can take up to three working days.`,
    purpose: "A second check on large claims, which is where the audit found mistakes.",
    purposeTags: ["fraud-prevention", "quality"],
    external: false,
    audienceTeams: "all",
    mandate: "own",
    friction: [35, 7, 2, 2, 10, 4320],
    frictionTags: ["approval", "waiting", "hand-off"],
    cycle: 12,
    created: 396,
    reviewed: null,
    revisions: [
      {
        daysAgo: 330,
        note: "The audit asked for a second signature above €500 instead of €1,000.",
        change: {
          summary: "Claims above €500 are approved by the line manager and then by Finance.",
          body: `## The rule

An expense claim **above €500** is approved twice:

1. by the claimant's line manager;
2. by a Finance controller.

Each approval can take up to three working days.`,
          occurrencesPerMonth: 60,
        },
      },
    ],
    reports: [
      [300, "carmen@example.com", 15, 4, "Trade-fair claim of €1,900 waited nine working days for the second signature."],
      [180, "priya@example.com", 10, 4, "Approved as line manager, then Finance asked me the same questions again."],
      [70, "kwame@example.com", 20, 5, "I paid a client dinner privately and waited two weeks to get the money back."],
      [28, "jonas@example.com", 10, 4, "Training travel claim stuck at 'awaiting Finance' for 6 days."],
      [5, "grace@example.com", 10, 3, "Asked when my claim will be paid; nobody could tell me which step it was in."],
    ],
  },
  {
    team: "finance",
    owner: "manager@example.com",
    title: "Purchase orders for anything over €1,000",
    summary: "Purchases over €1,000 need an approved purchase order before the supplier is asked to deliver.",
    body: `## The rule

Anything over **€1,000** is bought with a **purchase order** (PO):

1. The requester fills in the PO form (supplier, amount, budget line, reason).
2. The budget holder approves it.
3. Finance checks the budget and issues the PO number.
4. Only then may the supplier deliver.

Invoices without a PO number are returned to the supplier.`,
    purpose: "Keeps spending within budget and gives every invoice a matching approval.",
    purposeTags: ["compliance", "price"],
    external: false,
    audienceTeams: ["operations", "it", "sales", "people"],
    mandate: "own",
    friction: [45, 8, 2, 2, 30, 2880],
    frictionTags: ["approval", "paperwork", "waiting"],
    cycle: 24,
    created: 392,
    reviewed: 400,
    reports: [
      [250, "ruben@example.com", 45, 4, "A €1,050 repair waited four days for a PO while the supplier was ready to come the same day."],
      [100, "priya@example.com", 30, 4, "Supplier invoice returned for a missing PO number that was on the delivery note."],
      [20, "noor@example.com", 25, 3, "Had to re-enter the same supplier details in the PO form that are already in the supplier list."],
    ],
  },
  {
    team: "finance",
    owner: "hana@example.com",
    title: "Supplier invoices are entered twice",
    summary: "Invoices are keyed into the accounting system and again into the payment sheet.",
    body: `## The rule

Each supplier invoice is entered into the **accounting system**, then again into the **payment sheet** that the controller uses for the weekly payment run.`,
    purpose: "",
    purposeTags: [],
    external: false,
    audienceTeams: ["finance"],
    mandate: "own",
    friction: [600, 3, 0, 1, 4, 0],
    frictionTags: ["duplicate-entry"],
    cycle: 6,
    created: 388,
    reviewed: 500,
    reports: [
      [90, "hana@example.com", 60, 4, "Found three invoices with different amounts in the sheet and the system; an hour to reconcile."],
      [30, "olivia@example.com", 20, 3, "Nobody remembers why the payment sheet exists."],
    ],
  },
  {
    team: "finance",
    owner: "olivia@example.com",
    title: "VAT invoices must show the customer's VAT number",
    summary: "Business customers' invoices carry their VAT number; without it we cannot invoice without VAT.",
    body: `## The rule

An invoice to a **business customer** in another EU country shows the customer's **VAT number**, checked in the EU VIES register. Without a valid number, VAT is charged.`,
    purpose: "Required for reverse-charge invoicing; a missing number makes us liable for the VAT.",
    purposeTags: ["compliance"],
    external: true,
    audienceTeams: ["sales"],
    mandate: "law",
    friction: [250, 3, 0, 1, 3, 30],
    frictionTags: ["paperwork", "jargon"],
    cycle: 24,
    created: 384,
    reviewed: 384,
    reports: [[130, "grace@example.com", 15, 3, "Customer did not understand 'reverse charge' on the invoice and called to ask why there was no VAT."]],
  },
  {
    team: "finance",
    owner: "manager@example.com",
    title: "No payments in the last two working days of the month",
    summary: "During month-end close no payments are made, except salaries and tax.",
    body: `## The rule

In the **last two working days** of each month no supplier payments or expense payouts are made, so that the books can be closed. Salaries and tax payments are the exception.`,
    purpose: "Gives an accurate month-end position without payments changing under the close.",
    purposeTags: ["quality"],
    external: false,
    audienceTeams: "all",
    mandate: "own",
    friction: [40, 1, 0, 0, 5, 2880],
    frictionTags: ["waiting"],
    cycle: 12,
    created: 376,
    reviewed: 376,
    revisions: [
      {
        daysAgo: 240,
        note: "Urgent supplier payments can be made with the controller's approval during the close.",
        change: { occurrencesPerMonth: 30, frictionTags: ["waiting", "approval"] },
        reviewed: true,
      },
    ],
  },
  {
    team: "finance",
    owner: "hana@example.com",
    title: "Corporate cards only for named cardholders",
    summary: "Only named cardholders may pay with a corporate card; others ask a cardholder to pay for them.",
    body: `## The rule

A corporate card is issued to a **named person** and used only by them. Colleagues without a card ask a cardholder to make the payment.`,
    purpose: "Every card payment has one accountable person, which the card provider's contract requires.",
    purposeTags: ["fraud-prevention"],
    external: false,
    audienceTeams: "all",
    mandate: "contract",
    friction: [80, 3, 0, 1, 10, 1440],
    frictionTags: ["hand-off", "waiting"],
    cycle: 24,
    created: 368,
    reviewed: 368,
    reports: [[110, "jonas@example.com", 20, 3, "Needed a €12 online course paid; the only cardholder in HR was on holiday."]],
  },
  {
    team: "finance",
    owner: "manager@example.com",
    title: "International payments are confirmed by fax",
    summary: "Payments abroad over €10,000 are confirmed to the bank by signed fax.",
    body: `## The rule

International payments over **€10,000** are confirmed to the bank by a **signed fax** from a Finance controller.`,
    purpose: "The bank's old confirmation procedure for large foreign payments.",
    purposeTags: ["fraud-prevention"],
    external: false,
    audienceTeams: ["finance"],
    mandate: "contract",
    friction: [6, 4, 1, 1, 30, 1440],
    frictionTags: ["paperwork", "channel-limit"],
    cycle: 12,
    created: 399,
    reviewed: null,
    retired: { daysAgo: 215, reason: "The bank now confirms large payments by secure message in online banking; we no longer have a fax machine." },
  },

  // ---------------------------------------------------------------- IT
  {
    team: "it",
    owner: "priya@example.com",
    title: "Access requests need the line manager's approval",
    summary: "Access to a system is granted after the requester's line manager approves it in the IT portal.",
    body: `## The rule

Access to any business system is requested in the **IT portal** and granted after:

1. the requester's **line manager** approves it, and
2. the **system owner** confirms the access level.

Access for new joiners is requested by their manager before the first day.

| System | Approves | Typical wait |
| --- | --- | --- |
| CRM | Sales manager | 1 day |
| Accounting | Finance controller | 2 days |
| HR system | HR manager | 2 days |`,
    purpose: "Only people who need a system can see its data, as our ISO 27001 certification and customer contracts require.",
    purposeTags: ["safety", "compliance"],
    external: false,
    audienceTeams: "all",
    mandate: "contract",
    friction: [220, 5, 2, 2, 8, 1440],
    frictionTags: ["approval", "waiting", "hand-off"],
    cycle: 12,
    created: 394,
    reviewed: 400,
    revisions: [
      {
        daysAgo: 320,
        note: "Standard access packages per role no longer need the system owner's confirmation.",
        change: {
          body: `## The rule

Access to any business system is requested in the **IT portal** and granted after:

1. the requester's **line manager** approves it, and
2. for anything outside the *standard package of the role*, the **system owner** confirms the access level.

Access for new joiners is requested by their manager before the first day.

| System | Approves | Typical wait |
| --- | --- | --- |
| CRM | Sales manager | 1 day |
| Accounting | Finance controller | 1 day |
| HR system | HR manager | 2 days |`,
          approvals: 1,
          waitingMinutes: 1200,
        },
      },
      {
        daysAgo: 230,
        note: "Clarified that approvals expire after 5 working days and the request is closed.",
        change: { steps: 6 },
      },
    ],
    reports: [
      [385, "employee@example.com", 90, 5, "Started on Monday; CRM access came on Thursday. I shadowed colleagues for three days."],
      [310, "grace@example.com", 30, 4, "My manager approved, then the system owner asked my manager again by email."],
      [240, "hana@example.com", 20, 3, "Request closed because the approval 'expired' while my manager was away."],
      [150, "jonas@example.com", 25, 4, "Needed read access to one report; the form asks twelve questions."],
      [80, "daniel@example.com", 40, 4, "Customer waited on the phone while I asked a colleague to look something up I have no access to."],
      [35, "noor@example.com", 15, 3, "Approval came quickly this time, but nobody told me it was done."],
      [9, "felix@example.com", 30, 4, "Lost access after a role change and had to request everything again."],
    ],
  },
  {
    team: "it",
    owner: "tom@example.com",
    title: "New laptops only through the IT portal",
    summary: "Laptops and screens are ordered by IT from a fixed catalogue, requested in the portal.",
    body: `## The rule

Hardware is requested in the **IT portal** from the standard catalogue. IT orders, installs and delivers it. Buying hardware on an expense claim is not allowed.`,
    purpose: "Every device is managed, encrypted and supported from day one.",
    purposeTags: ["quality", "safety"],
    external: false,
    audienceTeams: "all",
    mandate: "own",
    friction: [25, 4, 1, 1, 20, 7200],
    frictionTags: ["channel-limit", "waiting"],
    cycle: 24,
    created: 386,
    reviewed: 386,
    reports: [[170, "carmen@example.com", 60, 4, "New salesperson worked on a borrowed laptop for two weeks."]],
  },
  {
    team: "it",
    owner: "priya@example.com",
    title: "Passwords expire every 90 days",
    summary: "Everyone changes their password every 90 days; the last 12 passwords cannot be reused.",
    body: `## The rule

Passwords **expire every 90 days**. A new password must differ from the last 12 and have at least 12 characters.`,
    purpose: "Limits how long a stolen password can be used.",
    purposeTags: ["safety"],
    external: false,
    audienceTeams: "all",
    mandate: "own",
    friction: [1700, 2, 0, 0, 4, 0],
    frictionTags: [],
    cycle: 12,
    created: 383,
    reviewed: 383,
    reports: [
      [260, "noor@example.com", 20, 3, "Locked out after the change because my phone still had the old password."],
      [100, "kwame@example.com", 15, 3, "Current guidance (NIST) says forced expiry makes passwords weaker. Why do we still do it?"],
    ],
  },
  {
    team: "it",
    owner: "tom@example.com",
    title: "Software installs need an IT ticket",
    summary: "Only IT installs software; request it with a ticket, even for free tools.",
    body: `## The rule

Laptops have no local admin rights. To install any software, raise an **IT ticket**; IT checks the licence and security and installs it remotely.`,
    purpose: "Keeps malware and unlicensed software off company devices.",
    purposeTags: ["safety", "compliance"],
    external: false,
    audienceTeams: "all",
    mandate: "own",
    friction: [140, 3, 1, 1, 6, 1440],
    frictionTags: ["channel-limit", "waiting", "hand-off"],
    cycle: 12,
    created: 378,
    reviewed: 378,
    revisions: [
      {
        daysAgo: 250,
        note: "Tools from the approved list can now be installed from the self-service portal without a ticket.",
        change: { occurrencesPerMonth: 80 },
        reviewed: true,
      },
    ],
    reports: [
      [200, "grace@example.com", 30, 4, "Needed the customer's video-call tool for a meeting in an hour; the ticket took a day."],
      [65, "hana@example.com", 10, 2, "Self-service portal had the tool I needed. Two minutes."],
    ],
  },
  {
    team: "it",
    owner: "priya@example.com",
    title: "Shared mailboxes need a named owner",
    summary: "Every shared mailbox has a named owner who decides who gets access.",
    body: `## The rule

Each shared mailbox (support@, invoices@ …) has a **named owner**. Access is granted by IT on the owner's request.`,
    purpose: "Someone is answerable for every mailbox that customers write to.",
    purposeTags: ["quality", "service"],
    external: false,
    audienceTeams: ["customer-support", "finance", "sales"],
    mandate: "own",
    friction: [6, 2, 1, 1, 5, 480],
    frictionTags: ["approval"],
    cycle: 24,
    created: 370,
    reviewed: 370,
  },
  {
    team: "it",
    owner: "tom@example.com",
    title: "Production changes only on Tuesdays and Thursdays",
    summary: "Changes to customer-facing systems go live only in the Tuesday and Thursday release windows.",
    body: `## The rule

Changes to customer-facing systems are released only on **Tuesdays and Thursdays** between 10:00 and 12:00, with support staff warned the day before. Emergency fixes need the IT manager's approval.`,
    purpose: "Support is ready when something changes, and problems are caught while everyone is in.",
    purposeTags: ["quality", "service"],
    external: false,
    audienceTeams: ["it", "customer-support"],
    mandate: "own",
    friction: [30, 2, 0, 0, 5, 2160],
    frictionTags: ["waiting"],
    cycle: 24,
    created: 366,
    reviewed: 366,
  },
  {
    team: "it",
    owner: "priya@example.com",
    title: "Customer data requests go through IT and Legal",
    summary: "A customer's request for a copy of their data is handled by IT and checked by Legal before it is sent.",
    body: `## The rule

When a customer asks for **a copy of their personal data** (a subject access request):

1. Customer Support logs it and checks the customer's identity.
2. IT collects the data from every system.
3. Legal checks the bundle and removes other people's data.
4. Customer Support sends it, **within one month** of the request.`,
    purpose: "The GDPR gives every customer the right to their data within a month; a mistake can leak someone else's data.",
    purposeTags: ["compliance", "safety"],
    external: true,
    audienceTeams: ["customer-support"],
    mandate: "law",
    friction: [12, 8, 1, 3, 90, 20160],
    frictionTags: ["hand-off", "waiting", "paperwork"],
    cycle: 12,
    created: 362,
    reviewed: 362,
    reports: [
      [190, "daniel@example.com", 30, 4, "Customer chased the request three times; I could not see which step it was in."],
      [25, "tom@example.com", 120, 4, "Collected data from seven systems by hand; four of them have an export button nobody uses."],
    ],
  },

  // ---------------------------------------------------------------- People & HR
  {
    team: "people",
    owner: "lotte@example.com",
    title: "Onboarding paperwork for new joiners",
    summary: "New joiners fill in and sign their employment forms on paper with HR on their first morning.",
    body: `## The rule

On the **first morning**, a new joiner meets HR to:

- show their identity document (copied for the file);
- fill in the personal details form, tax form and bank details form;
- sign the contract and the confidentiality agreement.

HR then types the forms into the HR system.`,
    purpose: "The law requires an identity check and a copy of the document before someone starts work.",
    purposeTags: ["compliance"],
    external: false,
    audienceTeams: "all",
    mandate: "law",
    friction: [8, 9, 0, 1, 120, 0],
    frictionTags: ["paperwork", "duplicate-entry"],
    cycle: 12,
    created: 397,
    reviewed: null,
    revisions: [
      {
        daysAgo: 270,
        note: "Personal details and bank details are now filled in online before day one; only the ID check stays on paper.",
        change: {
          summary: "New joiners fill in their forms online before they start; HR checks their identity on day one.",
          body: `## The rule

**Before the first day**, a new joiner receives a link to fill in the personal details, tax and bank details forms online and to sign the contract.

On the **first morning** HR checks their identity document and copies it for the file.`,
          steps: 4,
          activeMinutes: 40,
          frictionTags: ["paperwork"],
        },
        reviewed: true,
      },
    ],
    reports: [
      [375, "employee@example.com", 90, 4, "My first morning was forms. I wrote my address on four of them."],
      [180, "carmen@example.com", 10, 2, "New starter had done everything online; she was with the team by 10:00."],
    ],
  },
  {
    team: "people",
    owner: "jonas@example.com",
    title: "Leave requests over 5 days need HR sign-off",
    summary: "Holidays longer than five working days are approved by the manager and then by HR.",
    body: `## The rule

Leave of **more than 5 working days** in a row is approved by the line manager and then signed off by **HR**.`,
    purpose: "",
    purposeTags: [],
    external: false,
    audienceTeams: "all",
    mandate: "own",
    friction: [70, 3, 2, 1, 5, 2880],
    frictionTags: ["approval", "waiting"],
    cycle: 6,
    created: 389,
    reviewed: 450,
    reports: [
      [280, "kwame@example.com", 10, 4, "Could not book flights for two weeks' holiday until HR signed off — prices went up meanwhile."],
      [140, "tom@example.com", 5, 3, "What does HR check that my manager has not?"],
      [55, "daniel@example.com", 5, 3, "Manager approved in an hour, HR took four days."],
      [18, "hana@example.com", 5, 3, "Second summer in a row of waiting for the HR click."],
    ],
  },
  {
    team: "people",
    owner: "lotte@example.com",
    title: "Reference checks for every new hire",
    summary: "HR calls two referees before an offer is confirmed.",
    body: `## The rule

Before an offer is **confirmed**, HR speaks to two referees given by the candidate. The offer letter says it depends on the references.`,
    purpose: "Confirms what candidates tell us and protects customers and colleagues.",
    purposeTags: ["quality", "safety"],
    external: true,
    audienceTeams: ["sales", "customer-support", "it"],
    mandate: "own",
    friction: [8, 3, 0, 1, 60, 4320],
    frictionTags: ["waiting"],
    cycle: 24,
    created: 381,
    reviewed: 381,
  },
  {
    team: "people",
    owner: "lotte@example.com",
    title: "Training over €500 needs a business case",
    summary: "Courses and conferences above €500 need a written business case approved by the manager and HR.",
    body: `## The rule

Training that costs **more than €500** needs a one-page **business case**: what you will learn, how the team benefits, cost and dates. It is approved by your manager and by HR.`,
    purpose: "Spends the training budget where it helps the team most.",
    purposeTags: ["price", "quality"],
    external: false,
    audienceTeams: "all",
    mandate: "own",
    friction: [10, 4, 2, 1, 90, 7200],
    frictionTags: ["paperwork", "approval", "waiting"],
    cycle: 24,
    created: 374,
    reviewed: 374,
    reports: [[120, "tom@example.com", 90, 4, "Wrote a business case for a €650 certification; approved after the early-bird price had gone."]],
  },
  {
    team: "people",
    owner: "jonas@example.com",
    title: "Sick leave is reported by phone before 9:00",
    summary: "Report sickness to your manager by phone before 9:00 on the first day.",
    body: `## The rule

If you are ill, **call your manager before 9:00** on the first day. A text or email is not enough. HR registers the sick leave.`,
    purpose: "Your team can arrange cover for your customers before the day starts.",
    purposeTags: ["service"],
    external: false,
    audienceTeams: "all",
    mandate: "own",
    friction: [45, 2, 0, 1, 10, 15],
    frictionTags: ["channel-limit"],
    cycle: 24,
    created: 369,
    reviewed: 369,
    reports: [[85, "felix@example.com", 15, 3, "Manager's phone went to voicemail at 8:30; I texted as well to be safe."]],
  },
  {
    team: "people",
    owner: "lotte@example.com",
    title: "Salary changes only in the April cycle",
    summary: "Pay rises and promotions take effect once a year, in April.",
    body: `## The rule

Salary changes, including promotions, are decided in the **annual April cycle**. Changes outside the cycle need the managing director's approval.`,
    purpose: "Keeps pay decisions consistent and fair across teams.",
    purposeTags: ["appreciation", "quality"],
    external: false,
    audienceTeams: "all",
    mandate: "own",
    friction: [5, 3, 1, 1, 60, 43200],
    frictionTags: ["waiting", "approval"],
    cycle: 12,
    created: 393,
    reviewed: null,
  },
  {
    team: "people",
    owner: "lotte@example.com",
    title: "Exit interviews are held by HR",
    summary: "People who leave are invited to an exit interview with HR, not with their manager.",
    body: `## The rule

Everyone who leaves is invited to a voluntary **exit interview with HR** in their last two weeks. What they say is shared with the manager only in summary.`,
    purpose: "People speak more freely to HR; we learn why people leave and can thank them properly.",
    purposeTags: ["appreciation", "quality"],
    external: false,
    audienceTeams: "all",
    mandate: "own",
    friction: [4, 2, 0, 0, 45, 0],
    frictionTags: [],
    cycle: 12,
    created: 255,
    reviewed: null,
    draft: true,
  },

  // ---------------------------------------------------------------- Sales
  {
    team: "sales",
    owner: "carmen@example.com",
    title: "Large discounts need the sales director's sign-off",
    summary: "Account managers give up to 10% discount themselves; more needs the sales director.",
    body: `## The rule

An account manager may give a **discount of up to 10%** on list price. A larger discount is requested from the **sales director**, with the deal size and the reason.`,
    purpose: "Protects our margin and keeps prices fair between customers.",
    purposeTags: ["price"],
    external: true,
    audienceTeams: ["sales"],
    mandate: "own",
    friction: [120, 4, 1, 1, 10, 1440],
    frictionTags: ["approval", "waiting"],
    cycle: 12,
    created: 391,
    reviewed: null,
    revisions: [
      {
        daysAgo: 310,
        note: "Account managers may now give up to 15% themselves: most requests between 10 and 15% were approved anyway.",
        change: {
          summary: "Account managers give up to 15% discount themselves; more needs the sales director.",
          body: `## The rule

An account manager may give a **discount of up to 15%** on list price. A larger discount is requested from the **sales director**, with the deal size and the reason.

The director answers **within one working day**; no answer means the request is escalated to the managing director.`,
          occurrencesPerMonth: 90,
        },
      },
      {
        daysAgo: 220,
        note: "Multi-year deals: the 15% applies per year, not over the whole contract.",
        change: { steps: 5 },
        reviewed: true,
      },
    ],
    reports: [
      [360, "kwame@example.com", 30, 4, "Customer wanted 12% on a renewal; lost a day waiting for the director, who said yes."],
      [200, "grace@example.com", 20, 3, "Director was travelling; sign-off came by phone but I still had to fill in the form afterwards."],
      [40, "kwame@example.com", 15, 3, "Quick answer this time, but the customer asked why I cannot decide myself."],
    ],
  },
  {
    team: "sales",
    owner: "grace@example.com",
    title: "Quotes are made only with the approved template",
    summary: "Every quote uses the approved quote template with the standard terms.",
    body: `## The rule

Quotes are made from the **approved template** in the document system. Changing the standard terms needs Legal.`,
    purpose: "Customers get clear, consistent quotes with terms we can honour.",
    purposeTags: ["quality", "compliance"],
    external: true,
    audienceTeams: [],
    mandate: "own",
    friction: [200, 3, 0, 0, 25, 0],
    frictionTags: ["jargon"],
    cycle: 24,
    created: 377,
    reviewed: 377,
    reports: [[110, "grace@example.com", 15, 3, "The template's terms section is two pages of legal language customers always ask about."]],
  },
  {
    team: "sales",
    owner: "carmen@example.com",
    title: "New customers pass a credit check before the first order",
    summary: "Finance checks a new business customer's credit before Sales confirms the first order.",
    body: `## The rule

Before the **first order** of a new business customer, Finance runs a **credit check**. Orders above the credit limit need prepayment.`,
    purpose: "Avoids unpaid invoices from customers who cannot pay.",
    purposeTags: ["fraud-prevention", "price"],
    external: true,
    audienceTeams: ["finance"],
    mandate: "own",
    friction: [40, 4, 1, 1, 15, 2880],
    frictionTags: ["hand-off", "waiting"],
    cycle: 24,
    created: 371,
    reviewed: 371,
    reports: [[60, "kwame@example.com", 20, 4, "A well-known listed company waited three days for a credit check."]],
  },
  {
    team: "sales",
    owner: "carmen@example.com",
    title: "Contracts over €50,000 are reviewed by Legal",
    summary: "Legal reviews every contract above €50,000 before it is signed.",
    body: `## The rule

Contracts with a total value above **€50,000** are reviewed by **Legal** before signature. Legal aims to answer within five working days.`,
    purpose: "Large contracts carry risks (liability, data, penalties) that need a lawyer's eye.",
    purposeTags: ["compliance"],
    external: true,
    audienceTeams: [],
    mandate: "own",
    friction: [6, 3, 1, 1, 60, 7200],
    frictionTags: ["waiting", "hand-off"],
    cycle: 24,
    created: 363,
    reviewed: 363,
  },
  {
    team: "sales",
    owner: "kwame@example.com",
    title: "Customer details are entered in the CRM and the order sheet",
    summary: "New customer details go into the CRM and again into the order sheet used by Operations.",
    body: `## The rule

A new customer's company details, contacts and delivery address are entered in the **CRM** and in the **order sheet** that Operations reads.`,
    purpose: "",
    purposeTags: [],
    external: false,
    audienceTeams: ["sales", "operations"],
    mandate: "own",
    friction: [300, 4, 0, 1, 6, 0],
    frictionTags: ["duplicate-entry"],
    cycle: 24,
    created: 387,
    reviewed: null,
    reports: [
      [230, "noor@example.com", 30, 4, "Delivery went to the old address: the CRM was updated, the order sheet was not."],
      [15, "kwame@example.com", 10, 3, "Entered the same customer twice today, again."],
    ],
  },
  {
    team: "sales",
    owner: "grace@example.com",
    title: "Free trials are limited to 14 days",
    summary: "Trial accounts close automatically after 14 days unless converted.",
    body: `## The rule

Free trials last **14 days**. An account manager can extend a trial once, by 14 days, for a customer in an active sales conversation.`,
    purpose: "Gives customers enough time to try the product while keeping trials focused.",
    purposeTags: ["action", "price"],
    external: true,
    audienceTeams: [],
    mandate: "own",
    friction: [150, 2, 0, 0, 2, 0],
    frictionTags: [],
    cycle: 24,
    created: 359,
    reviewed: 359,
  },

  // ---------------------------------------------------------------- Operations
  {
    team: "operations",
    owner: "ruben@example.com",
    title: "Travel is booked through the travel desk",
    summary: "Business trips are booked by the travel desk; booking yourself is not reimbursed.",
    body: `## The rule

All business travel (train abroad, flights, hotels) is booked by the **travel desk**:

1. Send the travel request form at least 10 working days before departure.
2. The travel desk proposes options within 2 working days.
3. You confirm; the travel desk books and sends the tickets.

Travel booked yourself is **not reimbursed**.`,
    purpose: "Gets group rates, keeps travellers insured and traceable in an emergency.",
    purposeTags: ["price", "safety"],
    external: false,
    audienceTeams: "all",
    mandate: "own",
    friction: [60, 5, 1, 1, 20, 2880],
    frictionTags: ["channel-limit", "hand-off", "waiting"],
    cycle: 12,
    created: 393,
    reviewed: null,
    revisions: [
      {
        daysAgo: 305,
        note: "Train travel within the country can now be booked yourself and claimed as an expense.",
        change: { occurrencesPerMonth: 35 },
      },
      {
        daysAgo: 225,
        note: "The travel desk answers within 1 working day; the form asks for dates and destination only.",
        change: {
          body: `## The rule

Business travel abroad (flights, hotels, international trains) is booked by the **travel desk**:

1. Send the travel request — dates and destination are enough.
2. The travel desk proposes options **within 1 working day**.
3. You confirm; the travel desk books and sends the tickets.

Train travel within the country can be booked yourself and claimed as an expense.`,
          steps: 3,
          waitingMinutes: 1440,
        },
        reviewed: true,
      },
    ],
    reports: [
      [370, "carmen@example.com", 45, 5, "Customer meeting in Hamburg set up at a week's notice; the 10-day rule meant I booked myself and paid privately."],
      [320, "tom@example.com", 20, 3, "Travel desk proposed only one hotel, 40 minutes from the venue."],
      [190, "kwame@example.com", 15, 3, "Booking took a day; fine once I knew the form only needs dates now."],
      [52, "jonas@example.com", 10, 2, "Travel desk found a cheaper flight than I had seen myself."],
      [11, "grace@example.com", 20, 3, "Had to change a flight on the road; travel desk closed at 17:00."],
    ],
  },
  {
    team: "operations",
    owner: "noor@example.com",
    title: "Hotel nights above €150 need an exception form",
    summary: "Hotels above €150 a night need an exception form approved by the budget holder.",
    body: `## The rule

A hotel above **€150 per night** (€200 in capital cities) needs an **exception form** approved by the budget holder before booking.`,
    purpose: "Keeps travel costs predictable.",
    purposeTags: ["price"],
    external: false,
    audienceTeams: "all",
    mandate: "own",
    friction: [20, 3, 1, 1, 15, 1440],
    frictionTags: ["paperwork", "approval"],
    cycle: 24,
    created: 379,
    reviewed: 379,
    reports: [[140, "carmen@example.com", 20, 4, "Every hotel near the trade fair was above €150 that week. Form, wait, then the hotel was full."]],
  },
  {
    team: "operations",
    owner: "noor@example.com",
    title: "Visitors sign in at reception and wear a badge",
    summary: "Every visitor signs in at reception, wears a visitor badge and is collected by their host.",
    body: `## The rule

Visitors **sign in at reception**, receive a **visitor badge**, and are collected by their host. They sign out when they leave.`,
    purpose: "We know who is in the building in an emergency, as the insurer requires.",
    purposeTags: ["safety", "compliance"],
    external: true,
    audienceTeams: "all",
    mandate: "contract",
    friction: [300, 3, 0, 1, 3, 5],
    frictionTags: ["paperwork"],
    cycle: 24,
    created: 375,
    reviewed: 375,
  },
  {
    team: "operations",
    owner: "ruben@example.com",
    title: "Office supplies are ordered once a week",
    summary: "Requests for office supplies are collected and ordered every Monday.",
    body: `## The rule

Office supply requests are collected in the supplies form and **ordered every Monday**. Delivery follows on Wednesday.`,
    purpose: "One weekly order gets the supplier's bulk price and saves deliveries.",
    purposeTags: ["price"],
    external: false,
    audienceTeams: "all",
    mandate: "own",
    friction: [25, 2, 0, 1, 3, 2520],
    frictionTags: ["waiting"],
    cycle: 24,
    created: 367,
    reviewed: 367,
  },
  {
    team: "operations",
    owner: LEAVER.email,
    title: "Parking permits are renewed every quarter in person",
    summary: "Staff parking permits are renewed at the facilities desk every three months.",
    body: `## The rule

Staff parking permits are valid for **three months**. Renew yours **in person** at the facilities desk (Tuesdays and Thursdays, 12:00–14:00) with your old permit.`,
    purpose: "Keeps the car park for current staff.",
    purposeTags: ["service"],
    external: false,
    audienceTeams: "all",
    mandate: "own",
    friction: [120, 3, 0, 0, 20, 10],
    frictionTags: ["channel-limit", "paperwork"],
    cycle: 6,
    created: 382,
    reviewed: 420,
    reports: [
      [160, "tom@example.com", 25, 4, "Facilities desk only open two lunchtimes a week; I was in meetings both."],
      [48, "hana@example.com", 20, 3, "Queued 15 minutes to swap one card for an identical one."],
      [6, "noor@example.com", 10, 3, "Nobody at facilities knows who owns this rule now Henk has left."],
    ],
  },
  {
    team: "operations",
    owner: "admin@example.com",
    title: "Fire drills twice a year",
    summary: "The whole building is evacuated in a fire drill twice a year.",
    body: `## The rule

There is a **fire drill** in spring and in autumn. Everyone leaves the building by the nearest exit and reports to their floor warden at the assembly point.`,
    purpose: "Everyone knows the way out; the building permit requires regular drills.",
    purposeTags: ["safety", "compliance"],
    external: false,
    audienceTeams: "all",
    mandate: "law",
    friction: [0.2, 2, 0, 0, 30, 0],
    frictionTags: [],
    cycle: 24,
    created: 361,
    reviewed: 361,
  },
  {
    team: "operations",
    owner: "ruben@example.com",
    title: "Meeting rooms booked for more than 2 hours need approval",
    summary: "Bookings longer than two hours are approved by facilities.",
    body: `## The rule

A meeting room booking **longer than 2 hours** is sent to facilities for approval.`,
    purpose: "",
    purposeTags: [],
    external: false,
    audienceTeams: "all",
    mandate: "own",
    friction: [80, 2, 1, 1, 3, 240],
    frictionTags: ["approval", "waiting"],
    cycle: 6,
    created: 373,
    reviewed: 400,
    reports: [
      [220, "lotte@example.com", 10, 3, "Half-day interview session: booking stayed 'pending' until the morning itself."],
      [27, "priya@example.com", 5, 3, "Approval for a 3-hour workshop in a room nobody else had booked."],
    ],
  },
];

function isoDay(date: Date) {
  return date.toISOString().slice(0, 10);
}

export async function seedPolicies({ org, clock, now }: SeedContext): Promise<SeededPolicies> {
  const store = getStore();
  const people = () => store.data.people;
  const extra: Record<string, string> = {};
  const personId = (email: string) => org.people[email] ?? extra[email];
  const actorOf = (email: string): Actor => {
    const id = personId(email);
    const p = people()[id];
    if (!p) throw new Error(`Seed: no person ${email}`);
    return { id: p.id, name: p.name, role: p.role, teamId: p.teamId };
  };

  // The person who will leave, and so orphan their policy.
  clock.set(daysAgo(now, 400));
  const leaver = await createPerson({
    actor: null,
    input: { name: LEAVER.name, email: LEAVER.email, teamId: org.teams[LEAVER.team], role: "employee", password: DEMO_PASSWORD },
  });
  // Kept out of org.people: later seeds pick voters and raters from there, and Henk will have left.
  extra[LEAVER.email] = leaver.id;

  const ids: SeededPolicies = {};
  const idOf = new Map<SeedPolicy, string>();
  type Step = { at: number; order: number; run: () => Promise<unknown> };
  const steps: Step[] = [];
  let order = 0;
  const at = (days: number) => daysAgo(now, days).getTime();

  for (const sp of POLICIES) {
    const manager = MANAGERS[sp.team];
    const [occurrencesPerMonth, stepsCount, approvals, handoffs, activeMinutes, waitingMinutes] = sp.friction;
    const input: PolicyInput = {
      title: sp.title,
      summary: sp.summary,
      body: sp.body,
      teamId: org.teams[sp.team],
      ownerId: personId(sp.owner),
      purpose: sp.purpose,
      purposeTags: sp.purposeTags,
      audienceExternal: sp.external,
      audienceTeamIds: sp.audienceTeams === "all" ? Object.values(org.teams) : sp.audienceTeams.map((t) => org.teams[t]),
      mandate: sp.mandate,
      occurrencesPerMonth,
      steps: stepsCount,
      approvals,
      handoffs,
      activeMinutes,
      waitingMinutes,
      frictionTags: sp.frictionTags,
      reviewCycleMonths: sp.cycle,
      lastReviewedOn: sp.reviewed === null ? null : isoDay(daysAgo(now, sp.reviewed)),
    };
    steps.push({
      at: at(sp.created),
      order: order++,
      run: async () => {
        const policy = await createPolicy({ actor: actorOf(manager), input, status: sp.draft ? "draft" : "active" });
        idOf.set(sp, policy.id);
        ids[policy.slug] = policy.id;
      },
    });
    for (const rev of sp.revisions ?? []) {
      steps.push({
        at: at(rev.daysAgo),
        order: order++,
        run: async () => {
          const current = store.data.policies[idOf.get(sp)!];
          await revisePolicy({
            actor: actorOf(rev.by ?? manager),
            policyId: current.id,
            input: {
              ...policyToInput(current),
              ...rev.change,
              lastReviewedOn: rev.reviewed ? isoDay(clock.now()) : current.lastReviewedOn,
            },
            note: rev.note,
          });
        },
      });
    }
    for (const [days, email, minutesLost, effort, what] of sp.reports ?? []) {
      steps.push({
        at: at(Math.min(days, sp.created - 1)),
        order: order++,
        run: () => reportFriction({ actor: actorOf(email), policyId: idOf.get(sp)!, input: { minutesLost, effort, what } }),
      });
    }
    if (sp.retired) {
      const { daysAgo: days, reason } = sp.retired;
      steps.push({
        at: at(days),
        order: order++,
        run: () => retirePolicy({ actor: actorOf(manager), policyId: idOf.get(sp)!, reason }),
      });
    }
  }
  // Henk leaves; his parking-permit policy becomes an orphan.
  steps.push({
    at: at(218),
    order: order++,
    run: () => setPersonActive({ actor: actorOf("admin@example.com"), personId: leaver.id, active: false }),
  });

  steps.sort((a, b) => a.at - b.at || a.order - b.order);
  for (const step of steps) {
    clock.set(new Date(step.at));
    await step.run();
  }
  return ids;
}
