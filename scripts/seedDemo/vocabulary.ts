/**
 * The words of the demo centre (`npm run seed:demo`): trades, prisons, addresses and the sentences
 * counsellors write in a diagnostic or a life project. French, as the counsellors write them; the
 * names of people come from shared/search/syntheticRecords.ts.
 */
import type { Sex } from '../../shared/beneficiary/beneficiary';

/** A trade a diagnostic can point to, with what each orientation makes of it. */
export type Trade = {
  readonly sector: string;
  /** Who it is drawn for (every trade is open to everyone; this only shapes the spread). */
  readonly sex: Sex | 'all';
  readonly skills: string;
  readonly market: string;
  /** An income-generating project (AGR): "Créer …". */
  readonly project: string;
  /** A salaried job: "Obtenir …". */
  readonly job: string;
  /** A complementary training: "formation en …". */
  readonly course: string;
  readonly equipment: string;
};

export const trades: readonly Trade[] = [
  {
    sector: 'menuiserie',
    sex: 'M',
    skills: "Travail du bois : débit, assemblage et finition ; lecture d'un plan simple.",
    market:
      'Les ateliers de menuiserie de Sidi Bernoussi et de Aïn Sebaâ sous-traitent volontiers ; demande régulière en réparation de meubles.',
    project: 'un atelier de menuiserie de quartier',
    job: 'un emploi dans un atelier de menuiserie',
    course: 'menuiserie aluminium',
    equipment: 'scie circulaire, défonceuse, établi',
  },
  {
    sector: 'ferronnerie',
    sex: 'M',
    skills: "Soudure à l'arc et ferronnerie : portes, grilles, garde-corps.",
    market: 'Forte demande de ferronnerie dans les lotissements en construction de Nouaceur et de Médiouna.',
    project: 'un atelier de ferronnerie',
    job: 'un emploi dans une entreprise de charpente métallique',
    course: 'soudure semi-automatique',
    equipment: 'poste à souder, meuleuse, perceuse à colonne',
  },
  {
    sector: 'mécanique',
    sex: 'M',
    skills: 'Entretien courant de véhicules légers et de motocyclettes : vidange, freins, embrayage.',
    market: 'Nombreux garages de quartier ; la réparation de motocyclettes manque de bras.',
    project: 'un atelier de réparation de motocyclettes',
    job: 'un emploi dans un garage automobile',
    course: 'diagnostic automobile',
    equipment: 'caisse à outils, cric rouleur, compresseur',
  },
  {
    sector: 'électricité du bâtiment',
    sex: 'M',
    skills: "Installation électrique domestique : tirage de câbles, pose d'appareillage, tableau.",
    market: "Le bâtiment recrute dans toute la région Casablanca-Settat ; peu d'électriciens qualifiés.",
    project: "une activité d'électricien du bâtiment",
    job: 'un emploi sur les chantiers comme électricien',
    course: 'électricité du bâtiment',
    equipment: "multimètre, perforateur, outillage d'électricien",
  },
  {
    sector: 'plomberie',
    sex: 'M',
    skills: 'Plomberie sanitaire : pose et réparation de canalisations, chauffe-eau.',
    market: 'Demande constante en dépannage dans les quartiers populaires.',
    project: 'une activité de plomberie et de dépannage',
    job: 'un emploi dans une entreprise de plomberie',
    course: 'plomberie sanitaire',
    equipment: 'filière, chalumeau, outillage de plombier',
  },
  {
    sector: 'peinture du bâtiment',
    sex: 'M',
    skills: 'Peinture intérieure et extérieure, enduits, pose de staff.',
    market: 'Beaucoup de chantiers de rénovation ; travail souvent payé à la tâche.',
    project: 'une activité de peinture et de décoration',
    job: 'un emploi dans une entreprise de second œuvre',
    course: 'peinture et décoration',
    equipment: 'échafaudage roulant, pistolet à peinture, outillage',
  },
  {
    sector: 'réparation de téléphones',
    sex: 'all',
    skills: 'Réparation de téléphones portables : écrans, batteries, connecteurs.',
    market: 'Forte demande à Derb Ghallef et dans les souks de quartier.',
    project: 'un point de réparation de téléphones',
    job: 'un emploi dans une boutique de téléphonie',
    course: 'maintenance des smartphones',
    equipment: 'station de soudage, outils de précision, stock de pièces',
  },
  {
    sector: 'boulangerie-pâtisserie',
    sex: 'all',
    skills: 'Pétrissage, façonnage et cuisson ; pâtisserie marocaine.',
    market: 'Demande constante de pain et de pâtisserie traditionnelle, plus forte pendant le Ramadan.',
    project: 'une petite activité de pâtisserie marocaine',
    job: 'un emploi dans une boulangerie',
    course: 'boulangerie-pâtisserie',
    equipment: 'four, pétrin, moules et plaques',
  },
  {
    sector: 'couture',
    sex: 'F',
    skills: 'Coupe et couture, retouches, confection de djellabas et de caftans.',
    market: 'Demande en retouches et en confection traditionnelle ; sous-traitance possible avec les ateliers.',
    project: 'un atelier de couture et de retouches',
    job: 'un emploi dans un atelier de confection',
    course: 'modélisme et couture',
    equipment: 'machine à coudre industrielle, surjeteuse, table de coupe',
  },
  {
    sector: 'coiffure',
    sex: 'all',
    skills: 'Coupe, brushing et soins ; hygiène du salon.',
    market: 'Salons de quartier nombreux, clientèle fidèle.',
    project: 'un salon de coiffure',
    job: 'un emploi dans un salon de coiffure',
    course: 'coiffure',
    equipment: 'fauteuils, sèche-cheveux, matériel de coupe',
  },
  {
    sector: 'restauration rapide',
    sex: 'all',
    skills: 'Préparation de plats simples, hygiène alimentaire, service.',
    market: 'Forte demande de restauration rapide près des zones industrielles et des facultés.',
    project: 'un snack de quartier',
    job: 'un emploi de commis de cuisine',
    course: 'cuisine et hygiène alimentaire',
    equipment: 'plancha, friteuse, vitrine réfrigérée',
  },
  {
    sector: 'commerce de proximité',
    sex: 'all',
    skills: 'Vente, tenue de caisse, gestion simple du stock.',
    market: "L'épicerie de quartier reste le premier commerce de proximité.",
    project: "une épicerie de quartier (mol l'hanout)",
    job: 'un emploi de vendeur en grande surface',
    course: 'techniques de vente',
    equipment: 'présentoirs, balance électronique, réfrigérateur',
  },
  {
    sector: 'élevage',
    sex: 'all',
    skills: 'Soins aux animaux, alimentation, suivi sanitaire du troupeau.',
    market: "Demande forte en ovins, surtout avant l'Aïd al-Adha.",
    project: 'un petit élevage ovin',
    job: "un emploi d'ouvrier agricole",
    course: 'élevage et santé animale',
    equipment: 'brebis reproductrices, aliment, abreuvoirs',
  },
];

/** Prisons the people of a Casablanca centre come from, most from Oukacha. */
export const establishments: readonly (readonly [string, number])[] = [
  ['Prison locale Oukacha (Aïn Sebaâ, Casablanca)', 50],
  ['Prison locale de Berrechid', 10],
  ['Prison centrale Ali Moumen (Settat)', 6],
  ["Prison locale d'El Jadida", 6],
  ['Prison centrale de Kénitra', 5],
  ['Prison locale de Salé', 5],
  ['Prison locale Toulal (Meknès)', 3],
  ['Prison locale de Marrakech', 3],
  ['Prison locale de Tanger', 2],
  ["Prison locale d'Oujda", 2],
];

export const judicialNotes: readonly string[] = [
  'Libération conditionnelle : pointage mensuel au tribunal de première instance.',
  'Amende réglée par la famille.',
  'Grâce royale en fin de peine.',
  'Aucune mesure judiciaire en cours.',
  'Interdiction de séjour levée.',
];

export const previousActivities: readonly string[] = [
  'travail journalier sur des chantiers de construction',
  'vente ambulante au souk du quartier',
  'livraison à moto pour des commerces',
  'emploi dans une usine textile de la zone industrielle',
  'service dans un café',
  "aide dans l'atelier d'un proche",
  "pas d'emploi stable, petits travaux occasionnels",
  'gardiennage de voitures',
  'travail saisonnier dans une exploitation agricole',
];

export const educationSentences: Readonly<Record<string, string>> = {
  aucun: 'Aucune scolarité.',
  prescolaire: 'Scolarité arrêtée au préscolaire.',
  primaire: 'Scolarité arrêtée en primaire.',
  college: 'Scolarité arrêtée au collège.',
  lycee: 'Niveau lycée.',
  superieur: 'Études supérieures commencées.',
  formationProfessionnelle: 'Formation professionnelle suivie avant la détention.',
};

export const constraints: readonly string[] = [
  'Logement précaire chez un parent.',
  'Dettes envers la famille.',
  'Suivi médical régulier (maladie chronique).',
  "Casier judiciaire : refus d'embauche fréquents.",
  'Lecture et écriture difficiles.',
  'Charge de famille importante.',
  'Éloignement des zones d’activité, transport coûteux.',
  'CNIE à renouveler.',
  'Addiction en cours de traitement (centre d’addictologie).',
];

export const motivations: readonly string[] = [
  'Motivation forte : veut subvenir aux besoins de sa famille.',
  'Motivation réelle, soutenue par la famille.',
  "Motivation présente mais fragile après plusieurs refus d'embauche.",
  'Projet mûri pendant la détention ; grande envie de travailler à son compte.',
  'Souhaite avant tout un revenu régulier, rapidement.',
];

export const partners: readonly string[] = [
  'ANAPEC Casablanca',
  'OFPPT',
  'INDH (préfecture)',
  'Entraide nationale',
  "Chambre d'artisanat",
  'Association Al Amal',
];

export const personalObjectives: readonly string[] = [
  'Retrouver un logement stable.',
  'Renouer les liens avec sa famille.',
  'Poursuivre le suivi médical.',
  "Obtenir la CNIE et l'affiliation à l'AMO.",
  "Suivre le programme d'alphabétisation.",
];

export const socialObjectives: readonly string[] = [
  "Participer aux activités de l'association du quartier.",
  'Reprendre contact avec ses enfants.',
  "S'inscrire au club sportif du quartier.",
  'Rencontrer chaque mois le groupe de parole du centre.',
];

/** Who does an action: the file's counsellor, the person, or a named partner. */
export type ActionTemplate = {
  readonly description: string;
  readonly by: 'counsellor' | 'person' | { readonly partner: string };
};

export function actionTemplates(orientation: 'agr' | 'emploiSalarie' | 'formationComplementaire', trade: Trade) {
  const byOrientation: Record<typeof orientation, readonly ActionTemplate[]> = {
    agr: [
      { description: `Établir le devis du matériel (${trade.equipment})`, by: 'person' },
      { description: 'Rechercher un local à louer dans le quartier', by: 'person' },
      { description: "Obtenir le statut d'auto-entrepreneur", by: 'counsellor' },
      { description: 'Ouvrir un compte bancaire', by: 'person' },
      { description: "Suivre la formation à la gestion d'une petite entreprise", by: { partner: 'INDH (préfecture)' } },
      { description: 'Déposer le dossier de financement du projet', by: 'counsellor' },
    ],
    emploiSalarie: [
      { description: "S'inscrire à l'ANAPEC", by: { partner: 'ANAPEC Casablanca' } },
      { description: 'Rédiger un CV avec le conseiller', by: 'counsellor' },
      { description: "Préparer les entretiens d'embauche", by: 'counsellor' },
      { description: "Stage d'adaptation en entreprise (un mois)", by: { partner: 'ANAPEC Casablanca' } },
      { description: 'Demander la fiche anthropométrique', by: 'person' },
    ],
    formationComplementaire: [
      { description: `S'inscrire à la formation en ${trade.course}`, by: { partner: 'OFPPT' } },
      { description: 'Obtenir une aide au transport pour la formation', by: { partner: 'Entraide nationale' } },
      { description: "Vérifier l'assiduité à la formation", by: 'counsellor' },
      { description: 'Chercher un stage de fin de formation', by: 'person' },
    ],
  };
  const common: readonly ActionTemplate[] = [
    { description: 'Renouveler la CNIE', by: 'person' },
    { description: "Demander l'affiliation à l'AMO", by: 'counsellor' },
    { description: 'Rendez-vous de suivi psychologique', by: { partner: 'Association Al Amal' } },
  ];
  return { specific: byOrientation[orientation], common };
}

export const backComments: readonly string[] = [
  'Le comité demande de préciser le budget du projet.',
  'Le comité demande un devis plus récent.',
  "Le comité demande de confirmer l'inscription à la formation.",
];

export const closureComments: Readonly<Record<string, readonly string[]>> = {
  reinsertionReussie: ['Activité stable depuis plus de six mois.', 'Contrat de travail à durée indéterminée.', ''],
  abandon: ['Ne répond plus aux appels depuis trois mois.', 'A quitté le quartier sans laisser d’adresse.', ''],
  transfert: [
    'Transfert vers le CAPC de Fès (retour dans la famille).',
    'Transfert vers le CAPC de Marrakech (nouvel emploi).',
    'Transfert vers le CAPC de Tanger (déménagement).',
  ],
  reincarceration: ['Nouvelle incarcération signalée par la famille.', ''],
  deces: ['Décès signalé par la famille.', ''],
};

/** Places of a Casablanca-Settat address line. */
export const lotissements: readonly string[] = [
  'Al Amal',
  'Al Massira',
  'Annasr',
  'Al Wifaq',
  'Al Falah',
  'Essalam',
  'Nassim',
  'Al Hana',
  'Attacharouk',
];
export const derbs: readonly string[] = ['Sultan', 'Ghallef', 'Moulay Cherif', 'El Kebir', 'Bouchentouf', 'Lihoudi'];
export const douars: readonly string[] = ['Oulad Saleh', 'Lahfaya', 'Oulad Ahmed', 'Sidi Hajjaj', 'Ouled Ziane'];

export const consentPurpose = 'Accompagnement post-carcéral et suivi de la réinsertion (loi 09-08)';
