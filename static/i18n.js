// All words of the page, Danish first. Keys are used by data-i18n
// attributes in index.html and by t() in the scripts.
export const dict = {
  da: {
    skip: 'Spring til indhold', close: 'Luk', present: 'Præsentér', exitPresent: 'Afslut præsentation',
    langButton: 'English', langButtonLang: 'en',
    frontTitle: 'Lav et relationskort',
    frontLead: 'Skriv opgaven, I samarbejder om. Tilføj derefter funktionerne omkring den, forbind dem og vurder hver relation: Høj, Middel eller Lav.',
    newMap: 'Nyt kort', titleLabel: 'Titel', taskLabel: 'Opgave',
    taskHint: 'For eksempel: Sammenhængende forløb for hjemmeboende borgere med demens.',
    create: 'Opret kort', createdTitle: 'Kortet er oprettet',
    createdLead: 'Gem linkene. Redigeringslinket giver adgang til at ændre kortet – del det kun med gruppen. Visningslinket kan kun se.',
    editLink: 'Redigeringslink', viewLink: 'Visningslink', copy: 'Kopiér', copied: 'Kopieret',
    copyFailed: 'Kunne ikke kopiere. Markér linket og kopiér det selv.',
    openMap: 'Åbn kortet', recentTitle: 'Kort du har åbnet før', recentHint: 'Listen gemmes kun i denne browser.',
    recentEmpty: 'Ingen endnu.', forget: 'Glem', forgetLabel: 'Glem {title}', untitled: 'Uden titel',
    canEdit: 'kan redigere', canView: 'kan se',
    titleRequired: 'Skriv en titel.',
    diagramHelp: 'Klik på en funktion og derefter en anden for at forbinde dem. Klik på en streg for at vurdere den (tast 1, 2, 3 – 0 fjerner). Træk en funktion for at flytte den.',
    diagramHelpView: 'Klik på en streg eller en funktion for at se, hvad der er noteret om den.',
    diagramLabel: 'Relationskort: {title}',
    legendTitle: 'Forklaring', rating1: 'Høj', rating2: 'Middel', rating3: 'Lav', rating0: 'Ikke vurderet', rating0short: 'Ingen',
    attentionTitle: 'Opmærksomhed', weakTitle: 'Svageste relationer', weakEmpty: 'Ingen relationer er vurderet Lav eller Middel.',
    countFunctions: 'Funktioner', countRelations: 'Relationer', score: 'Samlet score',
    readonly: 'Du ser kortet med et visningslink og kan ikke ændre det.',
    addTitle: 'Tilføj funktion', nameLabel: 'Navn', groupLabel: 'Gruppe (valgfri)', addHint: 'Skriv navnet og tryk Enter.',
    add: 'Tilføj', nameRequired: 'Skriv et navn.',
    connectTitle: 'Forbind to funktioner', fromLabel: 'Fra', toLabel: 'Til', connect: 'Forbind', choose: '– vælg –',
    pickTwo: 'Vælg to forskellige funktioner.', needTwo: 'Tilføj mindst to funktioner for at forbinde dem.',
    selectedTitle: 'Valgt', selectedNone: 'Vælg en funktion eller en relation i kortet eller i listerne nedenfor.',
    connectHint: 'Klik på en anden funktion for at forbinde.', makeCenter: 'Gør til centrum', isCenter: 'Er centrum',
    centerMark: 'centrum', delete: 'Slet', deleteRelation: 'Slet relation',
    rateLabel: 'Vurdering', noteLabel: 'Note: styrker og udfordringer', saveNote: 'Gem note',
    listsTitle: 'Funktioner og relationer', functionsTitle: 'Funktioner', relationsTitle: 'Relationer',
    noFunctions: 'Ingen funktioner endnu.', noRelations: 'Ingen relationer endnu.',
    arrangeTitle: 'Opstilling', layoutLabel: 'Automatisk opstilling', layoutCircle: 'Cirkel', layoutForce: 'Netværk',
    relayout: 'Opstil automatisk igen', paletteLabel: 'Farver', paletteTraffic: 'Trafiklys',
    paletteColorblind: 'Farveblind-venlig', palettePrint: 'Sort-hvid print',
    shareTitle: 'Del', viewUnknown: 'Visningslinket kendes ikke i denne browser. Det blev vist, da kortet blev oprettet.',
    qrView: 'QR-kode: se med', qrEdit: 'QR-kode: redigér med',
    qrViewTitle: 'Scan for at se kortet', qrEditTitle: 'Scan for at redigere kortet',
    exportTitle: 'Hent', print: 'Udskriv',
    openFailed: 'Kortet kunne ikke åbnes', toFront: 'Til forsiden', noToken: 'Linket mangler sin nøgle (#edit=… eller #view=…). Brug hele linket, du fik, da kortet blev oprettet.',
    modeEdit: 'Redigerer', modeView: 'Kun visning',
    fnLabel: 'Funktion: {name}', fnLabelCenter: 'Funktion: {name} (centrum)',
    relLabel: 'Relation: {a} – {b}, {rating}',
    added: 'Tilføjet: {name}', connected: 'Forbundet: {a} – {b}', rated: '{a} – {b}: {rating}',
    deleted: 'Slettet: {name}', restored: 'Gendannet: {name}', undo: 'Fortryd', noteSaved: 'Noten er gemt.',
    moved: 'Flyttet: {name}', relaidOut: 'Kortet er opstillet igen.', centerSet: '{name} er nu centrum.',
    alreadyConnected: '{a} og {b} er allerede forbundet.',
    updated: 'Kortet blev opdateret af en anden.',
    // Errors, by API error code.
    err_version_mismatch: 'Kortet var blevet ændret af en anden, så din ændring blev ikke gemt. Vi har hentet den nyeste udgave – prøv igen.',
    err_unauthorized: 'Linket mangler sin nøgle. Brug hele linket.',
    err_forbidden: 'Linket giver ikke adgang til dette kort, eller kortet findes ikke længere.',
    err_read_only: 'Linket er et visningslink: du kan se kortet, men ikke ændre det. Din ændring er ikke gemt.',
    err_not_found: 'Det findes ikke (længere). Kortet er hentet igen.',
    err_conflict: 'Det findes allerede i kortet (et navn eller en forbindelse er optaget).',
    err_invalid: 'Ændringen følger ikke reglerne for et relationskort.',
    err_too_large: 'Det er for stort – kortet har en grænse.',
    err_malformed: 'Forespørgslen var ugyldig.', err_bad_parameter: 'Forespørgslen var ugyldig.',
    err_unsupported_media_type: 'Forespørgslen var ugyldig.',
    err_unavailable: 'Databasen kan ikke tage imod ændringer lige nu. Prøv igen om lidt.',
    err_internal: 'Der skete en fejl på serveren. Prøv igen.',
    err_network: 'Ingen forbindelse til serveren. Tjek netværket og prøv igen.',
    err_unknown: 'Der skete en uventet fejl ({status}).',
    err_missing: 'Denne funktion findes ikke på serveren endnu.',
    field_name: 'Navn', field_group: 'Gruppe', field_title: 'Titel', field_task: 'Opgave', field_note: 'Note',
    field_rating: 'Vurdering', field_a: 'Fra', field_b: 'Til', field_center: 'Centrum', field_x: 'Position',
    detailPrefix: 'Detaljer',
    toolsLabel: 'Værktøjer',
    scoreHint: '0–100 · 100 = alle vurderede relationer er høje', scoreNone: 'Ingen relationer er vurderet endnu.',
    weakMore: '… og {n} flere i listen over relationer.',
    aboutTitle: 'Titel og opgave', descLabel: 'Beskrivelse (valgfri)', saveAbout: 'Gem titel og opgave',
    aboutSaved: 'Titel og opgave er gemt.', editAbout: 'Redigér titel', noChange: 'Intet at gemme – intet er ændret.',
    snapTitle: 'Øjebliksbilleder', snapHint: 'Gem kortet, som det ser ud nu, og sammenlign senere, hvad der har ændret sig.',
    snapLabel: 'Navn på øjebliksbilledet', snapLabelHint: 'For eksempel: Opstart september.', snapSave: 'Gem øjebliksbillede',
    snapEmpty: 'Ingen øjebliksbilleder endnu.', snapSaved: 'Øjebliksbilledet er gemt: {label}', snapRequired: 'Giv øjebliksbilledet et navn.',
    snapMeta: '{date} · version {version}', compareNow: 'Sammenlign med nu', compareNowLabel: 'Sammenlign {label} med nu',
    compareTitle: '{label} → nu', compareScore: 'Score: {before} → {after}', compareScoreNone: 'Score: kan ikke sammenlignes (ingen vurderede relationer i begge).',
    compareImproved: 'Forbedret', compareWorsened: 'Forværret', compareAdded: 'Nye relationer', compareRemoved: 'Fjernet',
    compareRated: 'Nyvurderede', compareUnchanged: 'Uændret', compareEnlarge: 'Klik på billedet for at se det stort.',
    compareAlt: 'Sammenligning af {label} med kortet nu',
    exportPictures: 'Billeder til møder og print', exportData: 'Data til regneark og andre værktøjer',
    dlSVG: 'SVG', dlPNG: 'PNG', dlCSVRelations: 'CSV: relationer', dlCSVFunctions: 'CSV: funktioner',
    downloading: 'Henter {format} …', downloaded: 'Hentet: {name}',
    field_description: 'Beskrivelse', field_label: 'Navn',
    liveLost: 'Forbindelsen til live-opdateringer er afbrudt. Prøver igen …',
  },
  en: {
    skip: 'Skip to content', close: 'Close', present: 'Present', exitPresent: 'Leave presentation',
    langButton: 'Dansk', langButtonLang: 'da',
    frontTitle: 'Make a relationship map',
    frontLead: 'Write the task you work together on. Then add the functions around it, connect them and rate each relation: High, Middle or Low.',
    newMap: 'New map', titleLabel: 'Title', taskLabel: 'Task',
    taskHint: 'For example: A coherent course for citizens with dementia living at home.',
    create: 'Create map', createdTitle: 'The map is created',
    createdLead: 'Keep the links. The edit link lets people change the map – share it only with the group. The view link can only look.',
    editLink: 'Edit link', viewLink: 'View link', copy: 'Copy', copied: 'Copied',
    copyFailed: 'Could not copy. Select the link and copy it yourself.',
    openMap: 'Open the map', recentTitle: 'Maps you opened before', recentHint: 'The list is kept in this browser only.',
    recentEmpty: 'None yet.', forget: 'Forget', forgetLabel: 'Forget {title}', untitled: 'Untitled',
    canEdit: 'can edit', canView: 'can view',
    titleRequired: 'Write a title.',
    diagramHelp: 'Click a function, then another to connect them. Click a line to rate it (keys 1, 2, 3 – 0 clears). Drag a function to move it.',
    diagramHelpView: 'Click a line or a function to see what is noted about it.',
    diagramLabel: 'Relationship map: {title}',
    legendTitle: 'Legend', rating1: 'High', rating2: 'Middle', rating3: 'Low', rating0: 'Not rated', rating0short: 'None',
    attentionTitle: 'Attention', weakTitle: 'Weakest relations', weakEmpty: 'No relation is rated Low or Middle.',
    countFunctions: 'Functions', countRelations: 'Relations', score: 'Overall score',
    readonly: 'You are looking at the map with a view link and cannot change it.',
    addTitle: 'Add a function', nameLabel: 'Name', groupLabel: 'Group (optional)', addHint: 'Type the name and press Enter.',
    add: 'Add', nameRequired: 'Write a name.',
    connectTitle: 'Connect two functions', fromLabel: 'From', toLabel: 'To', connect: 'Connect', choose: '– choose –',
    pickTwo: 'Choose two different functions.', needTwo: 'Add at least two functions to connect them.',
    selectedTitle: 'Selected', selectedNone: 'Select a function or a relation in the map or in the lists below.',
    connectHint: 'Click another function to connect.', makeCenter: 'Make centre', isCenter: 'Is the centre',
    centerMark: 'centre', delete: 'Delete', deleteRelation: 'Delete relation',
    rateLabel: 'Rating', noteLabel: 'Note: strengths and challenges', saveNote: 'Save note',
    listsTitle: 'Functions and relations', functionsTitle: 'Functions', relationsTitle: 'Relations',
    noFunctions: 'No functions yet.', noRelations: 'No relations yet.',
    arrangeTitle: 'Arrangement', layoutLabel: 'Automatic layout', layoutCircle: 'Circle', layoutForce: 'Network',
    relayout: 'Arrange automatically again', paletteLabel: 'Colours', paletteTraffic: 'Traffic light',
    paletteColorblind: 'Colour-blind safe', palettePrint: 'Black and white print',
    shareTitle: 'Share', viewUnknown: 'This browser does not know the view link. It was shown when the map was created.',
    qrView: 'QR code: view', qrEdit: 'QR code: edit',
    qrViewTitle: 'Scan to view the map', qrEditTitle: 'Scan to edit the map',
    exportTitle: 'Download', print: 'Print',
    openFailed: 'The map could not be opened', toFront: 'To the front page', noToken: 'The link lacks its key (#edit=… or #view=…). Use the whole link you got when the map was created.',
    modeEdit: 'Editing', modeView: 'View only',
    fnLabel: 'Function: {name}', fnLabelCenter: 'Function: {name} (centre)',
    relLabel: 'Relation: {a} – {b}, {rating}',
    added: 'Added: {name}', connected: 'Connected: {a} – {b}', rated: '{a} – {b}: {rating}',
    deleted: 'Deleted: {name}', restored: 'Restored: {name}', undo: 'Undo', noteSaved: 'The note is saved.',
    moved: 'Moved: {name}', relaidOut: 'The map is arranged again.', centerSet: '{name} is now the centre.',
    alreadyConnected: '{a} and {b} are already connected.',
    updated: 'Someone else updated the map.',
    err_version_mismatch: 'Someone else had changed the map, so your change was not saved. We loaded the newest version – please try again.',
    err_unauthorized: 'The link lacks its key. Use the whole link.',
    err_forbidden: 'The link does not give access to this map, or the map no longer exists.',
    err_read_only: 'This is a view link: you can look at the map but not change it. Your change was not saved.',
    err_not_found: 'It does not exist (any more). The map has been reloaded.',
    err_conflict: 'It already exists in the map (a name or a connection is taken).',
    err_invalid: 'The change breaks the rules of a relationship map.',
    err_too_large: 'It is too large – the map has a limit.',
    err_malformed: 'The request was not valid.', err_bad_parameter: 'The request was not valid.',
    err_unsupported_media_type: 'The request was not valid.',
    err_unavailable: 'The database cannot take changes right now. Try again shortly.',
    err_internal: 'Something went wrong on the server. Try again.',
    err_network: 'No connection to the server. Check the network and try again.',
    err_unknown: 'An unexpected error happened ({status}).',
    err_missing: 'The server does not offer this yet.',
    field_name: 'Name', field_group: 'Group', field_title: 'Title', field_task: 'Task', field_note: 'Note',
    field_rating: 'Rating', field_a: 'From', field_b: 'To', field_center: 'Centre', field_x: 'Position',
    detailPrefix: 'Details',
    toolsLabel: 'Tools',
    scoreHint: '0–100 · 100 = every rated relation is High', scoreNone: 'No relation is rated yet.',
    weakMore: '… and {n} more in the list of relations.',
    aboutTitle: 'Title and task', descLabel: 'Description (optional)', saveAbout: 'Save title and task',
    aboutSaved: 'Title and task are saved.', editAbout: 'Edit title', noChange: 'Nothing to save – nothing has changed.',
    snapTitle: 'Snapshots', snapHint: 'Keep the map as it looks now, and compare later what has changed.',
    snapLabel: 'Name of the snapshot', snapLabelHint: 'For example: Start in September.', snapSave: 'Save snapshot',
    snapEmpty: 'No snapshots yet.', snapSaved: 'The snapshot is saved: {label}', snapRequired: 'Give the snapshot a name.',
    snapMeta: '{date} · version {version}', compareNow: 'Compare with now', compareNowLabel: 'Compare {label} with now',
    compareTitle: '{label} → now', compareScore: 'Score: {before} → {after}', compareScoreNone: 'Score: cannot be compared (no rated relations in both).',
    compareImproved: 'Improved', compareWorsened: 'Worsened', compareAdded: 'New relations', compareRemoved: 'Removed',
    compareRated: 'Newly rated', compareUnchanged: 'Unchanged', compareEnlarge: 'Click the picture to see it large.',
    compareAlt: 'Comparison of {label} with the map now',
    exportPictures: 'Pictures for meetings and print', exportData: 'Data for spreadsheets and other tools',
    dlSVG: 'SVG', dlPNG: 'PNG', dlCSVRelations: 'CSV: relations', dlCSVFunctions: 'CSV: functions',
    downloading: 'Downloading {format} …', downloaded: 'Downloaded: {name}',
    field_description: 'Description', field_label: 'Name',
    liveLost: 'The connection for live updates is lost. Trying again …',
  },
};

let lang = 'da';

export function getLang() { return lang; }

export function setLang(l) { lang = dict[l] ? l : 'da'; }

// t returns the text for key in the current language, with {name} filled
// from vars.
export function t(key, vars = {}) {
  const s = dict[lang][key] ?? dict.da[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => (vars[k] ?? ''));
}

// translatePage fills every element marked with data-i18n (text) and
// data-i18n-aria-label (accessible name).
export function translatePage(root = document) {
  document.documentElement.lang = lang;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  }
}

// The Danish/English word for a rating (0 or null: not rated).
export function ratingWord(r) { return t('rating' + (r || 0)); }

// locale is the BCP 47 tag for numbers and dates in the current language.
export function locale() { return lang === 'en' ? 'en-GB' : 'da-DK'; }

// num formats a number with the language's decimal comma or point and at
// most digits decimals.
export function num(x, digits = 0) {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(x);
}
