/**
 * French, the working language. Domain terms follow docs/glossary.md; `ar.ts` must have the
 * same keys (the type checker holds it to that).
 */
import { adminFr } from './admin.fr';

export const fr = {
  admin: adminFr,
  app: {
    name: 'Masar',
    tagline: 'Accompagnement post-carcéral',
    skipToContent: 'Aller au contenu',
    language: 'Langue',
    hostKind: { electron: 'application de bureau', web: 'navigateur' },
    version: 'Version {{version}}',
  },
  server: {
    checking: 'Vérification du serveur…',
    online: 'Serveur connecté',
    unreachable: 'Serveur injoignable',
    error: 'Erreur du serveur',
    details: 'Base {{engine}}, schéma v{{schemaVersion}}',
    retry: 'Réessayer',
  },
  auth: {
    signInTitle: 'Connexion',
    signInIntro:
      'Connectez-vous avec votre identifiant Masar. Hors connexion, seuls les comptes déjà connectés sur ce poste peuvent entrer.',
    username: 'Identifiant',
    password: 'Mot de passe',
    signIn: 'Se connecter',
    signingIn: 'Connexion…',
    firstSignInOnline:
      'Première connexion sur ce poste : le serveur doit être joignable. Réessayez une fois connecté au réseau.',
    offlineNotice:
      'Connecté hors ligne : votre travail est enregistré sur ce poste. L’administration et la synchronisation demanderont une connexion en ligne.',
    changePasswordTitle: 'Choisissez votre mot de passe',
    changePasswordIntro:
      'Bonjour {{name}}. Vous vous êtes connecté avec un mot de passe provisoire : choisissez maintenant votre mot de passe personnel (au moins 10 caractères).',
    currentPassword: 'Mot de passe provisoire',
    newPassword: 'Nouveau mot de passe',
    confirmPassword: 'Confirmez le nouveau mot de passe',
    passwordsDiffer: 'Les deux mots de passe ne sont pas identiques.',
    savePassword: 'Enregistrer le mot de passe',
    lockedTitle: 'Session verrouillée',
    lockedIntro: '{{name}}, saisissez votre mot de passe pour reprendre votre travail.',
    unlock: 'Déverrouiller',
    switchUser: 'Changer d’utilisateur',
    lock: 'Verrouiller',
    signOut: 'Se déconnecter',
    autoLock: 'Verrouillage automatique',
    autoLockMinutes: 'Après {{count}} min d’inactivité',
    userMenu: 'Compte de {{name}}',
    online: 'En ligne',
    offline: 'Hors ligne',
  },
  nav: { beneficiaries: 'Bénéficiaires', administration: 'Administration' },
  beneficiaries: {
    title: 'Bénéficiaires',
    new: 'Nouveau bénéficiaire',
    count_zero: 'Aucun bénéficiaire',
    count_one: '{{formatted}} bénéficiaire',
    count_other: '{{formatted}} bénéficiaires',
    empty: 'Aucun bénéficiaire enregistré sur ce poste. Commencez par « Nouveau bénéficiaire ».',
    loading: 'Chargement…',
    saved: '{{name}} a été enregistré(e).',
    search: 'Rechercher',
    searchPlaceholder: 'Nom (latin ou arabe), CIN, téléphone, n° de dossier',
    searchResults_zero: 'Aucun résultat pour « {{query}} »',
    searchResults_one: '1 résultat pour « {{query}} »',
    searchResults_other: '{{formatted}} résultats pour « {{query}} »',
    searchResultsCapped: 'Les {{formatted}} meilleurs résultats pour « {{query}} » : précisez la recherche',
    listLabel: 'Liste des bénéficiaires',
    columns: {
      name: 'Nom et prénom',
      nameArabic: 'Nom en arabe',
      sex: 'Sexe',
      dateOfBirth: 'Date de naissance',
      cin: 'CIN',
      prefecture: 'Préfecture / province',
      createdAt: 'Enregistré le',
    },
  },
  duplicates: {
    title: 'Déjà enregistré ?',
    intro:
      'Ces personnes ressemblent à celle que vous enregistrez. Pour chacune, dites s’il s’agit d’une autre personne ou de la même (ses deux dossiers seront à fusionner), puis enregistrez.',
    reasons: {
      sameCin: 'Même CIN',
      samePhone: 'Même téléphone',
      similarName: 'Nom proche, date de naissance voisine',
    },
    open: 'Ouvrir',
    openHint: 'Annule cette saisie et montre cette personne dans la liste',
    choiceLabel: 'Décision pour {{name}}',
    distinct: 'C’est une autre personne',
    mergeLater: 'Même personne : fusionner plus tard',
    decisionRequired: 'Choisissez une décision pour chaque personne proposée avant d’enregistrer.',
    decisionLabel: 'Doublon possible',
    decision: { distinct: 'Autre personne', mergeLater: 'À fusionner plus tard' },
    bornOn_female: 'née le {{date}}',
    bornOn_male: 'né le {{date}}',
  },
  form: {
    title: 'Nouveau bénéficiaire',
    identityLatin: 'Identité (caractères latins)',
    identityArabic: 'Identité (caractères arabes, facultatif)',
    lastNameLatin: 'Nom',
    firstNameLatin: 'Prénom',
    lastNameArabic: 'Nom en arabe',
    firstNameArabic: 'Prénom en arabe',
    sex: 'Sexe',
    sexF: 'Femme',
    sexM: 'Homme',
    dateOfBirth: 'Date de naissance',
    cin: 'CIN / CNIE',
    cinHint: 'Exemple : BE123456',
    cinUnusualShape: 'Format inhabituel ({{cin}}) : vérifiez le numéro. L’enregistrement reste possible.',
    phone: 'Téléphone',
    phoneOther: 'Autre téléphone (famille, proche)',
    phoneHint: 'Exemple : 06 12 34 56 78',
    address: 'Adresse',
    region: 'Région',
    prefecture: 'Préfecture / province',
    prefecturePlaceholder: 'Choisir…',
    prefectureNeedsRegion: 'Choisissez d’abord la région.',
    district: 'Préfecture d’arrondissements',
    arrondissement: 'Arrondissement',
    optionalPlaceholder: 'Facultatif',
    addressLine: 'Quartier, rue, numéro',
    prefectureKind: { prefecture: 'Préfecture', province: 'Province' },
    required: 'obligatoire',
    save: 'Enregistrer',
    cancel: 'Annuler',
    noCentre:
      'Votre compte n’est rattaché à aucun centre : un administrateur doit vous en attribuer un avant que vous puissiez enregistrer un bénéficiaire.',
    saveFailed: 'L’enregistrement a échoué : rien n’a été perdu, vos saisies sont toujours là. Réessayez. ({{reason}})',
  },
  errors: {
    passwordIsUsername: 'Le mot de passe ne peut pas être votre identifiant.',
    centreUnknown: 'Ce centre n’existe pas (ou plus).',
    centreRequired: 'Rattachez l’utilisateur à au moins un centre.',
    passwordTooShort: 'Au moins 10 caractères.',
    passwordUnchanged: 'Le nouveau mot de passe doit être différent de l’ancien.',
    usernameFormat:
      'De 3 à 32 caractères : lettres minuscules sans accent, chiffres, point, tiret ou tiret bas, en commençant par une lettre ou un chiffre.',
    roleRequired: 'Choisissez un rôle.',
    regionRequired: 'Choisissez la région.',
    centreCodeFormat:
      'De 2 à 20 caractères : lettres sans accent, chiffres et tirets, en commençant par une lettre ou un chiffre.',
    required: 'Ce champ est obligatoire.',
    tooLong: 'Trop long.',
    latinScript: 'Utilisez des lettres latines (accents, espaces, apostrophes et tirets permis).',
    arabicScript: 'Utilisez des lettres arabes.',
    sexRequired: 'Indiquez le sexe.',
    invalidDate: 'Date invalide (format AAAA-MM-JJ).',
    dateInFuture: 'La date ne peut pas être dans le futur.',
    tooYoung: 'La personne doit avoir au moins 16 ans.',
    tooOld: 'Date de naissance improbable (plus de 100 ans).',
    cinCharacters: 'Seuls des lettres et des chiffres sont permis.',
    prefectureRequired: 'Choisissez la préfecture ou la province.',
    phoneInvalid: 'Numéro de téléphone invalide (exemple : 06 12 34 56 78).',
    districtMismatch: 'Cette préfecture d’arrondissements n’est pas dans la préfecture choisie.',
    arrondissementMismatch: 'Cet arrondissement n’est pas dans la préfecture d’arrondissements choisie.',
  },
  settings: {
    serverUrlInvalid: 'Adresse de serveur invalide (http:// ou https://).',
    serverUrlInsecure: 'Un serveur distant doit utiliser https:// (http:// seulement pour ce poste).',
  },
  hostErrors: {
    'secure-storage-unavailable':
      'Ce poste ne peut pas protéger les identifiants de Masar (trousseau sécurisé du système indisponible). Adressez-vous au support informatique.',
    'invalid-request': 'Requête invalide.',
    'forbidden-sender': 'Requête refusée.',
    'server-unreachable': 'Serveur injoignable.',
    'server-error': 'Erreur du serveur.',
    'invalid-response': 'Réponse du serveur illisible.',
    'unknown-channel': 'Fonction inconnue.',
    internal: 'Erreur interne.',
    'no-session': 'Connectez-vous en ligne pour cette action (la connexion hors ligne ne suffit pas).',
    'invalid-credentials': 'Identifiant ou mot de passe incorrect.',
    throttled: 'Trop de tentatives : réessayez dans {{seconds}} s.',
    unauthenticated: 'Votre session a expiré : reconnectez-vous.',
    'device-unknown': 'Ce poste n’est pas connu du serveur : reconnectez-vous pour l’enregistrer.',
    'user-disabled': 'Ce compte est désactivé. Adressez-vous à votre coordinateur.',
    'device-revoked':
      'Ce poste a été révoqué : il ne peut plus se connecter à Masar. Adressez-vous à l’administrateur.',
    'one-time-password-expired': 'Le mot de passe provisoire a expiré : demandez-en un nouveau.',
    'password-change-required': 'Changez d’abord votre mot de passe provisoire.',
    forbidden: 'Vous n’avez pas le droit de faire cela.',
    'not-found': 'Introuvable (supprimé, ou hors de votre périmètre).',
    conflict: 'Conflit : cette valeur existe déjà ou l’action n’est pas possible.',
    'sync-database-mismatch':
      'Ce serveur n’est pas celui d’où viennent les données de ce PC : la synchronisation est arrêtée pour ne rien mélanger. Contactez l’administrateur.',
    'sync-version-unsupported':
      'Cette version de Masar est trop ancienne pour synchroniser avec le serveur : faites-la mettre à jour. Votre travail reste enregistré sur ce PC.',
    'payload-too-large': 'Données trop volumineuses.',
    'unsupported-media-type': 'Format de données non pris en charge.',
    'client-error': 'Requête refusée par le serveur.',
    'renderer-not-built': 'Le serveur n’a pas l’application compilée.',
  },
};

/** The shape every translation must have: same keys, any strings. */
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
type ArabicPluralForms = Partial<
  Record<
    'count_two' | 'count_few' | 'count_many' | 'searchResults_two' | 'searchResults_few' | 'searchResults_many',
    string
  >
>;
export type Translation = Omit<Widen<typeof fr>, 'beneficiaries'> & {
  beneficiaries: Widen<typeof fr.beneficiaries> & ArabicPluralForms;
};
