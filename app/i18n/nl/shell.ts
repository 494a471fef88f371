/** Dutch translation of the shell; other areas fall back to English until translated. */
export const nlShell = {
  skipToContent: "Naar de inhoud",
  nav: {
    label: "Hoofdmenu",
    standards: "Standaarden",
    policies: "Beleid",
    reviews: "Herzieningen",
    dashboard: "Dashboard",
    admin: "Beheer",
    account: "Account",
    signOut: "Afmelden",
    signIn: "Aanmelden",
    search: "Zoeken",
    searchPlaceholder: "Zoek in beleid en standaarden",
  },
  errors: {
    notFoundTitle: "Pagina niet gevonden",
    forbiddenTitle: "Geen toegang",
    serverTitle: "Er ging iets mis",
    backHome: "Terug naar het handboek",
  },
  login: {
    title: "Aanmelden bij Untangle",
    email: "E-mail",
    password: "Wachtwoord",
    submit: "Aanmelden",
  },
};
