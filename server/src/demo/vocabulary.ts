/**
 * The words of the demo centre (`npm run seed:demo`): trades, prisons, addresses and the sentences
 * counsellors write in a diagnostic or a life project. French, as the counsellors write them; the
 * names of people come from shared/search/syntheticRecords.ts.
 */
import type { Sector } from '../../../shared/agr/incomeProject';
import type { Sex } from '../../../shared/beneficiary/beneficiary';

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
  /** What an income-generating project in this trade looks like. */
  readonly incomeProject: IncomeProjectTemplate;
};

/** An item of an equipment budget, as the quotes counsellors collect give it. */
export type EquipmentTemplate = {
  readonly designation: string;
  /** Unit price, all taxes included, in dirhams: the range of the quotes. */
  readonly price: readonly [number, number];
  readonly quantity?: readonly [number, number];
  /** In every budget of the trade (the project's main item). */
  readonly isCore?: true;
  /** A machine: its serial number is written down when it is handed over. */
  readonly hasSerial?: true;
  /** Sold without VAT (animals, feed): a price in whole dirhams. */
  readonly isVatExempt?: true;
};

export type IncomeProjectTemplate = {
  readonly sector: Sector;
  readonly title: string;
  readonly activity: string;
  /** Where the activity runs, before the derb or douar (`Local loué, Derb Sultan`). */
  readonly premises: string;
  /** Why it fits the market; `{area}` is the derb or douar. */
  readonly justification: string;
  readonly equipment: readonly EquipmentTemplate[];
  readonly suppliers: readonly string[];
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
    incomeProject: {
      sector: 'artisanat',
      title: 'Atelier de menuiserie de quartier',
      activity: 'Fabrication et réparation de meubles, portes et placards sur commande.',
      premises: 'Atelier loué',
      justification:
        'Aucun menuisier à {area} : les habitants font réparer leurs meubles à Derb Omar ; deux commerçants du quartier ont promis des commandes de placards.',
      equipment: [
        {
          designation: 'Combiné menuisier (scie, dégauchisseuse, raboteuse)',
          price: [18_000, 32_000],
          isCore: true,
          hasSerial: true,
        },
        { designation: 'Scie circulaire sur table', price: [3_500, 6_500], hasSerial: true },
        { designation: 'Défonceuse électrique', price: [1_800, 3_200], hasSerial: true },
        { designation: 'Établi de menuisier en hêtre', price: [2_200, 3_800], quantity: [1, 2] },
        { designation: 'Ponceuse orbitale', price: [900, 1_600], quantity: [1, 2], hasSerial: true },
        { designation: 'Compresseur 50 L avec pistolet à vernir', price: [2_500, 4_200], hasSerial: true },
        { designation: 'Lot de serre-joints et outillage à main', price: [1_200, 2_500] },
      ],
      suppliers: [
        'Ets. Atlas Machines Bois (Derb Omar)',
        'Quincaillerie Al Baraka (Hay Mohammadi)',
        'Sté Bois et Outillage du Maarif',
      ],
    },
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
    incomeProject: {
      sector: 'artisanat',
      title: 'Atelier de ferronnerie et de soudure',
      activity: 'Portes, fenêtres, grilles de protection et garde-corps sur mesure.',
      premises: 'Atelier loué',
      justification:
        'Les lotissements en construction autour de {area} demandent portes et grilles ; le ferronnier le plus proche est à trois kilomètres.',
      equipment: [
        {
          designation: 'Poste à souder semi-automatique MIG 250 A',
          price: [7_500, 14_000],
          isCore: true,
          hasSerial: true,
        },
        { designation: "Poste à souder à l'arc (inverter)", price: [2_500, 4_500], hasSerial: true },
        { designation: "Meuleuse d'angle 230 mm", price: [1_100, 1_900], quantity: [1, 2], hasSerial: true },
        { designation: 'Perceuse à colonne', price: [3_500, 6_000], hasSerial: true },
        { designation: 'Tronçonneuse à disque pour métaux', price: [2_400, 3_900], hasSerial: true },
        { designation: "Étau d'établi et enclume", price: [1_500, 2_800] },
        { designation: 'Lot de profilés et tubes acier (stock de démarrage)', price: [4_000, 9_000] },
      ],
      suppliers: [
        'Métal Service Aïn Sebaâ',
        'Ets. Soudure Moderne (Derb Omar)',
        'Quincaillerie Al Baraka (Hay Mohammadi)',
      ],
    },
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
    incomeProject: {
      sector: 'services',
      title: 'Atelier de réparation de motocyclettes',
      activity: 'Entretien et réparation de motocyclettes et de scooters : vidange, freins, embrayage, pneus.',
      premises: 'Garage loué',
      justification:
        'Les livreurs à moto sont nombreux à {area} et aucun atelier de deux-roues n’y est installé ; le bénéficiaire a appris le métier en détention.',
      equipment: [
        { designation: 'Pont élévateur pour motocyclettes', price: [6_500, 12_000], isCore: true, hasSerial: true },
        { designation: "Compresseur d'air 100 L", price: [3_800, 6_500], isCore: true, hasSerial: true },
        { designation: 'Cric rouleur 3 t', price: [1_400, 2_600] },
        { designation: "Servante d'atelier garnie (200 outils)", price: [3_000, 5_500] },
        { designation: 'Démonte-pneu et équilibreuse pour deux-roues', price: [8_000, 15_000], hasSerial: true },
        { designation: 'Chargeur-démarreur de batteries', price: [1_200, 2_400], hasSerial: true },
      ],
      suppliers: ['Auto Équipement Bernoussi', 'Moto Pièces Garage Allal (Derb Ghallef)', 'Outillage Pro Casablanca'],
    },
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
    incomeProject: {
      sector: 'btp',
      title: "Entreprise individuelle d'électricité du bâtiment",
      activity: 'Installation et dépannage électrique chez les particuliers et sur les chantiers de rénovation.',
      premises: 'Dépôt loué',
      justification:
        'Les chantiers de rénovation de {area} manquent d’électriciens qualifiés ; deux entrepreneurs du quartier sous-traiteront leurs installations.',
      equipment: [
        {
          designation: 'Triporteur utilitaire (motocycle à benne)',
          price: [16_000, 24_000],
          isCore: true,
          hasSerial: true,
        },
        { designation: 'Perforateur burineur SDS', price: [1_800, 3_500], hasSerial: true },
        { designation: 'Rainureuse à murs', price: [2_800, 4_900], hasSerial: true },
        { designation: 'Multimètre et pince ampèremétrique', price: [600, 1_400] },
        { designation: "Caisse d'outillage d'électricien", price: [1_500, 3_000] },
        { designation: 'Échelle télescopique en aluminium', price: [1_000, 2_000] },
        { designation: 'Stock de câbles, gaines et appareillage', price: [3_000, 7_000] },
      ],
      suppliers: ['Comptoir Électrique du Maarif', 'Ets. Lumière (Derb Omar)', "Motos Triporteurs Ben M'Sick"],
    },
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
    incomeProject: {
      sector: 'btp',
      title: 'Entreprise individuelle de plomberie et de dépannage',
      activity: 'Installation sanitaire, pose de chauffe-eau et dépannage à domicile.',
      premises: 'Dépôt loué',
      justification:
        'Les appels de dépannage sont quotidiens à {area}, où les immeubles anciens ont des canalisations vétustes ; un droguiste du quartier recommandera le bénéficiaire.',
      equipment: [
        {
          designation: 'Triporteur utilitaire (motocycle à benne)',
          price: [16_000, 24_000],
          isCore: true,
          hasSerial: true,
        },
        { designation: 'Sertisseuse pour tubes multicouches', price: [3_500, 7_000], hasSerial: true },
        { designation: 'Poste à souder les tubes PPR', price: [900, 1_800], hasSerial: true },
        { designation: 'Déboucheur électrique à spirale', price: [4_000, 8_000], hasSerial: true },
        { designation: "Caisse d'outillage de plombier (filières, clés, coupe-tubes)", price: [2_000, 3_800] },
        { designation: 'Stock de raccords, robinetterie et tubes', price: [2_500, 6_000] },
      ],
      suppliers: [
        'Sanitaire Moderne (Derb Omar)',
        'Quincaillerie Al Baraka (Hay Mohammadi)',
        "Motos Triporteurs Ben M'Sick",
      ],
    },
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
    incomeProject: {
      sector: 'btp',
      title: 'Entreprise individuelle de peinture et de décoration',
      activity: 'Peinture intérieure et extérieure, enduits et pose de staff pour les particuliers.',
      premises: 'Dépôt loué',
      justification:
        'Les familles de {area} repeignent avant les fêtes et les mariages ; le travail à la tâche y est régulier toute l’année.',
      equipment: [
        { designation: 'Pulvérisateur de peinture airless', price: [9_000, 16_000], isCore: true, hasSerial: true },
        { designation: 'Échafaudage roulant en aluminium', price: [6_000, 11_000], isCore: true },
        { designation: 'Ponceuse girafe pour plâtre', price: [2_800, 4_800], hasSerial: true },
        { designation: 'Lot de rouleaux, brosses et couteaux à enduire', price: [800, 1_500] },
        { designation: "Stock de peinture et d'enduit (démarrage)", price: [3_000, 6_000] },
        { designation: 'Triporteur utilitaire (motocycle à benne)', price: [16_000, 24_000], hasSerial: true },
      ],
      suppliers: ['Couleurs et Décors Maarif', 'Ets. Peintures Atlas (Derb Omar)', "Motos Triporteurs Ben M'Sick"],
    },
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
    incomeProject: {
      sector: 'services',
      title: 'Point de réparation de téléphones',
      activity: "Réparation de smartphones (écrans, batteries, connecteurs) et vente d'accessoires.",
      premises: 'Boutique louée',
      justification:
        'Une boutique sur la rue commerçante de {area}, où passent chaque jour des centaines de jeunes ; le point de réparation le plus proche est à Derb Ghallef.',
      equipment: [
        { designation: 'Vitrine comptoir en aluminium et verre', price: [3_500, 6_000], isCore: true },
        {
          designation: 'Stock de pièces détachées (écrans, batteries, connecteurs)',
          price: [8_000, 20_000],
          isCore: true,
        },
        { designation: 'Station de soudage à air chaud', price: [1_500, 3_200], hasSerial: true },
        { designation: 'Microscope binoculaire de réparation', price: [3_000, 6_500], hasSerial: true },
        { designation: "Séparateur d'écrans et presse de collage", price: [2_500, 5_000], hasSerial: true },
        { designation: 'Outils de précision et alimentation de laboratoire', price: [1_200, 2_500] },
        { designation: 'Aménagement du local (étagères, enseigne lumineuse)', price: [4_000, 8_000] },
      ],
      suppliers: ['GSM Pièces Derb Ghallef', 'Ets. Aluminium Moderne (Hay Mohammadi)', 'Électronique Pro Casablanca'],
    },
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
    incomeProject: {
      sector: 'restauration',
      title: 'Atelier de pâtisserie marocaine',
      activity:
        'Fabrication de pâtisseries marocaines (cornes de gazelle, chebakia, ghriba) pour les particuliers, les cafés et les fêtes.',
      premises: 'Local loué',
      justification:
        'Trois cafés de {area} achètent leurs pâtisseries hors du quartier et se sont engagés à commander ; la demande double pendant le Ramadan et la saison des mariages.',
      equipment: [
        {
          designation: 'Four professionnel électrique à trois étages',
          price: [14_000, 26_000],
          isCore: true,
          hasSerial: true,
        },
        { designation: 'Pétrin à spirale 20 L', price: [8_000, 14_000], hasSerial: true },
        { designation: 'Batteur-mélangeur professionnel 10 L', price: [4_500, 8_500], hasSerial: true },
        { designation: 'Table de travail en inox', price: [2_500, 4_500] },
        { designation: 'Chariot à plaques et lot de plaques de cuisson', price: [2_500, 4_800] },
        { designation: 'Réfrigérateur vitrine', price: [5_500, 9_500], hasSerial: true },
      ],
      suppliers: ['Équipement Hôtelier Casablanca (Derb Omar)', 'Inox Pro Aïn Sebaâ', 'Froid Service Maarif'],
    },
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
    incomeProject: {
      sector: 'artisanat',
      title: 'Atelier de couture et de confection traditionnelle',
      activity:
        'Confection de djellabas et de caftans, retouches pour les particuliers, sous-traitance pour les ateliers de la kissaria.',
      premises: 'Local loué',
      justification:
        'Les couturières de {area} ne suffisent pas aux retouches avant les fêtes ; un atelier de la kissaria sous-traitera la finition des caftans.',
      equipment: [
        {
          designation: 'Machine à coudre industrielle (piqueuse plate)',
          price: [4_500, 7_500],
          quantity: [1, 3],
          isCore: true,
          hasSerial: true,
        },
        { designation: 'Surjeteuse industrielle', price: [5_000, 8_500], hasSerial: true },
        { designation: 'Machine de passementerie (sfifa)', price: [6_000, 11_000], hasSerial: true },
        { designation: 'Table de coupe', price: [1_800, 3_200] },
        { designation: 'Fer à repasser industriel avec chaudière', price: [2_500, 4_500], hasSerial: true },
        { designation: 'Stock de tissus et de fournitures', price: [3_000, 7_000] },
      ],
      suppliers: [
        'Machines à Coudre Derb Omar',
        'Kissaria Tissus Al Hay Al Mohammadi',
        'Ets. Textile Service (Derb Sultan)',
      ],
    },
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
    incomeProject: {
      sector: 'services',
      title: 'Salon de coiffure de quartier',
      activity: 'Coupe, coiffure et soins, pour une clientèle du quartier.',
      premises: 'Local loué',
      justification:
        'Un seul salon pour tout {area}, toujours plein le vendredi et avant les fêtes ; le local loué est sur le passage du marché.',
      equipment: [
        { designation: 'Fauteuil de coiffure hydraulique', price: [2_200, 4_200], quantity: [2, 3], isCore: true },
        { designation: 'Bac à shampooing', price: [3_500, 6_000], isCore: true },
        { designation: 'Casque sèche-cheveux sur pied', price: [1_800, 3_200], hasSerial: true },
        { designation: 'Tondeuses et matériel de coupe professionnel', price: [1_500, 3_000] },
        { designation: 'Miroirs et coiffeuses murales', price: [2_500, 5_000] },
        { designation: 'Chauffe-eau électrique 80 L', price: [1_800, 3_000], hasSerial: true },
        { designation: 'Stérilisateur UV', price: [900, 1_700], hasSerial: true },
      ],
      suppliers: ['Coiffure Équipement Maarif', 'Beauté Pro (Derb Omar)', 'Électroménager Al Amane (Hay Mohammadi)'],
    },
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
    incomeProject: {
      sector: 'restauration',
      title: 'Snack de quartier',
      activity: 'Sandwichs, tacos, paninis et plats du jour, sur place et à emporter.',
      premises: 'Local loué',
      justification:
        'Le local est à deux pas d’un lycée et d’une zone d’ateliers de {area}, sans autre restauration rapide à moins de dix minutes à pied.',
      equipment: [
        { designation: 'Réfrigérateur vitrine', price: [6_000, 11_000], isCore: true, hasSerial: true },
        { designation: 'Plancha professionnelle à gaz', price: [3_500, 6_500], hasSerial: true },
        { designation: 'Friteuse professionnelle double bac', price: [3_000, 5_500], hasSerial: true },
        { designation: 'Presse à panini', price: [1_800, 3_200], hasSerial: true },
        { designation: 'Table de préparation réfrigérée en inox', price: [9_000, 15_000], hasSerial: true },
        { designation: 'Hotte aspirante en inox', price: [4_500, 8_000] },
        { designation: 'Tables et chaises pour la salle', price: [3_500, 7_000] },
      ],
      suppliers: ['Équipement Hôtelier Casablanca (Derb Omar)', 'Inox Pro Aïn Sebaâ', 'Froid Service Maarif'],
    },
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
    incomeProject: {
      sector: 'commerce',
      title: "Épicerie de quartier (mol l'hanout)",
      activity: 'Vente au détail de produits alimentaires et de première nécessité, recharges téléphoniques.',
      premises: 'Boutique louée',
      justification:
        'La boutique est au rez-de-chaussée d’un nouvel immeuble de {area} sans épicerie ; les grossistes de Derb Omar livrent le quartier deux fois par semaine.',
      equipment: [
        { designation: 'Réfrigérateur vitrine deux portes', price: [9_000, 15_000], isCore: true, hasSerial: true },
        { designation: 'Stock initial de marchandises', price: [8_000, 20_000], isCore: true },
        { designation: 'Congélateur coffre 400 L', price: [5_000, 8_000], hasSerial: true },
        { designation: 'Présentoirs et étagères métalliques', price: [3_500, 7_000] },
        { designation: 'Balance électronique poids-prix', price: [900, 1_800], hasSerial: true },
        { designation: 'Comptoir caisse', price: [2_500, 4_500] },
      ],
      suppliers: ['Froid Service Maarif', 'Agencement Commerce (Derb Omar)', 'Grossiste Al Khayr (Derb Omar)'],
    },
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
    incomeProject: {
      sector: 'agricultureElevage',
      title: 'Petit élevage ovin',
      activity: "Reproduction et engraissement d'ovins de race Sardi, vente au souk et avant l'Aïd al-Adha.",
      premises: 'Bergerie familiale',
      justification:
        'La famille dispose d’une bergerie et de parcours à {area} ; les maquignons du souk de Had Soualem achètent les agneaux sur place avant l’Aïd.',
      equipment: [
        {
          designation: 'Brebis reproductrices (race Sardi)',
          price: [2_200, 3_000],
          quantity: [8, 15],
          isCore: true,
          isVatExempt: true,
        },
        { designation: 'Bélier reproducteur (race Sardi)', price: [4_000, 6_500], isVatExempt: true },
        { designation: 'Aliment de bétail (sacs de 40 kg)', price: [200, 260], quantity: [20, 60], isVatExempt: true },
        { designation: 'Abreuvoirs et mangeoires galvanisés', price: [1_500, 3_000] },
        { designation: 'Motoculteur avec remorque', price: [18_000, 28_000], hasSerial: true },
        { designation: 'Clôture grillagée pour la bergerie', price: [2_500, 5_000] },
      ],
      suppliers: [
        'Coopérative agricole Al Khair (Berrechid)',
        'Maquignon agréé, souk de Had Soualem',
        'Comptoir agricole de Had Soualem',
      ],
    },
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

/** Associations that co-fund some projects (a `partenaire` funding share). */
export const fundingPartners: readonly string[] = [
  'Association Al Amal',
  'Association Nour pour la réinsertion',
  'Association des amis du CAPC de Casablanca',
];

/** Where the centre's handover ceremonies are held, by whom presided, with which partners. */
export type CeremonyVenue = {
  readonly place: string;
  readonly prefectureCode: string;
  readonly presidingAuthority: string;
  readonly partnersPresent: string;
};

export const ceremonyVenues: readonly [CeremonyVenue, CeremonyVenue, CeremonyVenue] = [
  {
    place: "Siège de la préfecture d'arrondissements Al Fida-Mers Sultan",
    prefectureCode: 'CS-CASABLANCA',
    presidingAuthority:
      "Le Gouverneur de la préfecture d'arrondissements Al Fida-Mers Sultan et le Coordinateur général de la Fondation Mohammed VI pour la réinsertion des détenus",
    partnersPresent: "INDH (division de l'action sociale de la préfecture), Entraide nationale, Association Al Amal",
  },
  {
    place: "Siège de la préfecture d'arrondissements Aïn Sebaâ-Hay Mohammadi",
    prefectureCode: 'CS-CASABLANCA',
    presidingAuthority:
      "Le Secrétaire général de la préfecture d'arrondissements Aïn Sebaâ-Hay Mohammadi, représentant le Gouverneur, et le Coordinateur général de la Fondation Mohammed VI pour la réinsertion des détenus",
    partnersPresent: "INDH, ANAPEC Casablanca, Chambre d'artisanat, Association Nour pour la réinsertion",
  },
  {
    place: "Siège de la préfecture d'arrondissements Hay Hassani",
    prefectureCode: 'CS-CASABLANCA',
    presidingAuthority: "Le Gouverneur de la préfecture d'arrondissements Hay Hassani",
    partnersPresent: 'INDH, Entraide nationale, OFPPT',
  },
];

/** What an item replaced at the handover was replaced by (`remplace`). */
export const replacementNotes: readonly string[] = [
  'Modèle prévu en rupture chez le fournisseur : remplacé par un modèle équivalent, de même puissance, au même prix.',
  'Remplacé par le modèle de la gamme suivante, au prix du devis (accord du fournisseur).',
];

/** Why an item was not handed over (`manquant`). */
export const missingNotes: readonly string[] = [
  "Non livré le jour de la cérémonie : le fournisseur s'est engagé par écrit à le livrer sous quinze jours.",
];
