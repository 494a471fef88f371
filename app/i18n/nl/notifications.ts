import type { Catalogue } from "~/i18n";
import type { notifications } from "~/i18n/en/notifications";

/** Dutch: the inbox, notification settings, afmelden, the admin outbox and the mail people receive. */
export const nlNotifications: Catalogue<typeof notifications> = {
  nav: {
    inbox: "Inbox",
    unread: "{count} ongelezen",
  },
  inbox: {
    title: "Inbox",
    empty: "Nog niets. Als een herziening je stem nodig heeft, er over je voorstel is besloten of een standaard je bevestiging vraagt, vind je dat hier.",
    unreadOnly: "{count} ongelezen",
    markRead: "Markeer als gelezen",
    markAllRead: "Markeer alles als gelezen",
    allRead: "Alle meldingen zijn als gelezen gemarkeerd.",
    open: "Openen",
    unreadLabel: "Ongelezen",
    settings: "Kies wat je ontvangt",
  },
  settings: {
    title: "Meldingen",
    intro: "Kies per soort melding hoe die je bereikt. Alles verschijnt ook in je inbox.",
    kind: "Melding",
    channel: "Hoe die je bereikt",
    save: "Opslaan",
    saved: "Je instellingen voor meldingen zijn opgeslagen.",
    emailTo: "E-mail gaat naar {email}.",
    channels: {
      app: "Alleen in de app",
      email: "Meteen per e-mail",
      daily: "Dagelijks overzicht",
      weekly: "Wekelijks overzicht",
    },
  },
  kindNames: {
    "review-opened": "Er opent een herziening waarin je mag stemmen",
    "review-closing": "Een herziening sluit binnen 48 uur en je hebt nog niet gestemd",
    "proposal-decided": "Een besluit over een voorstel dat je schreef of waarop je stemde",
    acknowledgement: "Een standaard van je team om te bevestigen, en de herinnering",
    "policy-due": "Beleid waarvan je eigenaar bent moet (of had moeten) worden herzien",
    comment: "Een reactie op je voorstel, of een vermelding van jou",
    "friction-reported": "Frictie gemeld op beleid waarvan je eigenaar bent",
    "pulse-opened": "Er opent een cultuurpeiling voor je team",
    "standard-health": "Een standaard die je team belooft, wordt slecht nagekomen (managers)",
    "follow-up": "Heeft de wijziging gewerkt? Een vervolgvraag over frictie die je meldde",
  },
  kinds: {
    "review-opened": {
      main: {
        title: "Je stem is nodig: {review}",
        body: "Er loopt een herziening van {policies}. Doe voorstellen, reageer en stem vóór {deadline}.",
      },
    },
    "review-closing": {
      main: {
        title: "Sluit binnenkort: {review}",
        body: "Stemmen kan tot {deadline} en je hebt nog niet gestemd.",
      },
    },
    "proposal-decided": {
      main: {
        title: "Besluit over „{proposal}”: {outcome}",
        body: "{rationale}",
      },
    },
    acknowledgement: {
      new: {
        title: "Graag bevestigen: {standard}",
        body: "Versie {version} van een standaard die je team belooft, is gepubliceerd. Lees hem en bevestig hem.",
      },
      reminder: {
        title: "Herinnering: graag {standard} bevestigen",
        body: "Versie {version} is een week geleden gepubliceerd en je hebt hem nog niet bevestigd.",
      },
    },
    "policy-due": {
      due: {
        title: "Herziening op {due}: {policy}",
        body: "Beleid waarvan je eigenaar bent, moet over twee weken worden herzien. Open een herziening, of bevestig dat het zijn doel nog dient.",
      },
      overdue: {
        title: "Herziening te laat: {policy}",
        body: "Beleid waarvan je eigenaar bent, had op {due} herzien moeten worden. Tot die herziening staat het als te laat.",
      },
    },
    comment: {
      comment: {
        title: "{author} reageerde op je voorstel „{proposal}”",
        body: "{excerpt}",
      },
      mention: {
        title: "{author} noemde je bij „{proposal}”",
        body: "{excerpt}",
      },
    },
    "friction-reported": {
      main: {
        title: "Frictie gemeld op {policy}",
        body: "{minutes, plural, one {# minuut} other {# minuten}} verloren, moeite {effort} van 5. {what}",
      },
    },
    "pulse-opened": {
      main: {
        title: "De cultuurpeiling staat open tot {closesAt}",
        body: "Vijf korte vragen, anoniem beantwoord.",
      },
    },
    "standard-health": {
      main: {
        title: "Een standaard van je team wordt niet nagekomen: {standard}",
        body: "De interne klanten geven hem de afgelopen 90 dagen gemiddeld {average} van 5.",
      },
    },
    "follow-up": {
      main: {
        title: "Heeft de wijziging gewerkt? {policy}",
        body: "Zestig dagen geleden is „{proposal}” aangenomen. Je meldde eerder frictie op dit beleid: laat weten of het makkelijker is geworden.",
      },
    },
  },
  outcomes: {
    adopted: "aangenomen",
    rejected: "afgewezen",
    deferred: "uitgesteld",
  },
  reasons: {
    "review-opened": "Je ontvangt dit omdat je in deze herziening mag stemmen.",
    "review-closing": "Je ontvangt dit omdat je in deze herziening mag stemmen en nog niet hebt gestemd.",
    "proposal-decided": "Je ontvangt dit omdat je dit voorstel schreef of erop stemde.",
    acknowledgement: "Je ontvangt dit omdat je team deze standaard belooft.",
    "policy-due": "Je ontvangt dit omdat je eigenaar bent van dit beleid.",
    comment: "Je ontvangt dit omdat je dit voorstel schreef of werd genoemd.",
    "friction-reported": "Je ontvangt dit omdat je eigenaar bent van dit beleid.",
    "pulse-opened": "Je ontvangt dit omdat de peiling openstaat voor je team.",
    "standard-health": "Je ontvangt dit omdat je het team leidt dat deze standaard belooft.",
    "follow-up": "Je ontvangt dit omdat je frictie meldde op dit beleid.",
  },
  mail: {
    greeting: "Hallo {name},",
    open: "Openen in Untangle",
    digestDaily: "Je dagelijkse overzicht van Untangle",
    digestWeekly: "Je wekelijkse overzicht van Untangle",
    digestIntro: "Wat er gebeurde sinds je vorige overzicht:",
    digestReason: "Je ontvangt dit overzicht omdat je voor deze meldingen een overzicht koos.",
    settings: "Wijzig wat je ontvangt",
    unsubscribe: "Afmelden voor deze e-mails",
    footer: "Untangle: de servicestandaarden die we elkaar beloven, en het beleid dat we blijven vereenvoudigen.",
    invitation: {
      subject: "Je bent uitgenodigd voor Untangle",
      body: "{inviter} heeft je toegevoegd aan Untangle, in het team {team}. Kies je wachtwoord om je aan te melden; de link werkt 7 dagen en één keer.",
      action: "Kies je wachtwoord",
      reason: "Je ontvangt dit omdat een beheerder je adres aan Untangle heeft toegevoegd.",
    },
    reset: {
      subject: "Kies een nieuw wachtwoord voor Untangle",
      body: "Iemand vroeg om het wachtwoord van dit account opnieuw in te stellen. Was jij dat, kies dan een nieuw wachtwoord; de link werkt een uur en één keer. Was jij het niet, negeer deze e-mail dan: er verandert niets.",
      action: "Kies een nieuw wachtwoord",
      reason: "Je ontvangt dit omdat voor dit adres een nieuw wachtwoord is gevraagd.",
    },
  },
  unsubscribe: {
    title: "Afmelden",
    confirm: "Geen e-mails meer over: {kind}?",
    confirmDigest: "Je {cadence} overzicht stopzetten?",
    daily: "dagelijkse",
    weekly: "wekelijkse",
    button: "Afmelden",
    done: "Gelukt: je ontvangt deze e-mails niet meer. Ze verschijnen nog wel in je inbox in Untangle.",
    invalid: "Deze afmeldlink is ongeldig of verlopen. Er is niets gewijzigd. Meld je aan en kies wat je ontvangt onder Account → Meldingen.",
  },
  password: {
    forgotLink: "Wachtwoord vergeten?",
    forgotTitle: "Wachtwoord vergeten?",
    forgotIntro: "Vul je e-mailadres in. Hoort het bij een account, dan sturen we er een link heen om een nieuw wachtwoord te kiezen.",
    email: "E-mail",
    send: "Stuur me een link",
    sent: "Als een account dit adres gebruikt, is er een link heen gestuurd om een nieuw wachtwoord te kiezen. De link werkt een uur.",
    resetTitle: "Kies je wachtwoord",
    newPassword: "Nieuw wachtwoord",
    confirmPassword: "Herhaal het wachtwoord",
    save: "Wachtwoord instellen",
    done: "Je wachtwoord is ingesteld. Meld je ermee aan.",
    invalid: "Deze link werkt niet meer: hij is verlopen of al gebruikt. Vraag een nieuwe aan.",
    mismatch: "De twee wachtwoorden verschillen.",
  },
  validation: {
    chooseChannel: "Kies hoe dit je bereikt.",
    chooseChannels: "Kies voor elke soort melding hoe die je bereikt.",
  },
  followUp: {
    title: "Heeft de wijziging gewerkt?",
    change: "„{proposal}”, aangenomen op {date}",
    predicted: "Voorspeld bij het besluit: {hours} klanturen per maand minder.",
    before: "Gemeld in de 90 dagen ervoor: {count, plural, one {# melding} other {# meldingen}}, gemiddeld {minutes, plural, one {# minuut} other {# minuten}} verloren en moeite {effort} van 5.",
    since: "Gemeld sindsdien: {count, plural, one {# melding} other {# meldingen}}, gemiddeld {minutes, plural, one {# minuut} other {# minuten}} verloren en moeite {effort} van 5.",
    noneBefore: "In de 90 dagen ervoor is niets gemeld.",
    noneSince: "Sindsdien niets gemeld: zestig dagen na het besluit vraagt de vervolgvraag wie eerder frictie meldde.",
  },
  admin: {
    outbox: "Uitgaande post",
    intro: "Elke e-mail die Untangle verschuldigd is, met het bezorglogboek.",
    smtpOff: "Er is geen SMTP-server ingesteld (SMTP_URL): e-mail wordt hier bewaard, niet verstuurd. Elk bericht staat hier zoals het verstuurd zou worden.",
    smtpOn: "E-mail gaat via {host}.",
    to: "Aan",
    subject: "Onderwerp",
    state: "Status",
    attempts: "Pogingen",
    nextAttempt: "Volgende poging",
    created: "Aangemaakt",
    empty: "Nog geen e-mail.",
    filter: "Toon",
    all: "Alles",
    view: "Bekijken",
    back: "Terug naar de uitgaande post",
    log: "Bezorglogboek",
    textPart: "Platte tekst",
    htmlPart: "HTML",
    headers: "Kopregels",
    states: {
      queued: "in de wachtrij",
      sent: "verstuurd",
      failed: "mislukt",
      skipped: "overgeslagen",
      retrying: "nieuwe poging",
    },
    invited: "{name} is toegevoegd en per e-mail uitgenodigd een wachtwoord te kiezen.",
  },
};
