/**
 * French, the working language. Domain terms follow docs/glossary.md; `ar.ts` must have the
 * same keys (the type checker holds it to that).
 */
export const fr = {
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
  nav: { beneficiaries: 'Bénéficiaires' },
  beneficiaries: {
    title: 'Bénéficiaires',
    new: 'Nouveau bénéficiaire',
    count_zero: 'Aucun bénéficiaire',
    count_one: '{{formatted}} bénéficiaire',
    count_other: '{{formatted}} bénéficiaires',
    empty: 'Aucun bénéficiaire enregistré sur ce poste. Commencez par « Nouveau bénéficiaire ».',
    loading: 'Chargement…',
    saved: '{{name}} a été enregistré(e).',
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
    prefecture: 'Préfecture / province (Casablanca-Settat)',
    prefecturePlaceholder: 'Choisir…',
    prefectureKind: { prefecture: 'Préfecture', province: 'Province' },
    required: 'obligatoire',
    save: 'Enregistrer',
    cancel: 'Annuler',
    saveFailed: 'L’enregistrement a échoué : rien n’a été perdu, vos saisies sont toujours là. Réessayez. ({{reason}})',
  },
  errors: {
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
  },
  settings: {
    serverUrlInvalid: 'Adresse de serveur invalide (http:// ou https://).',
    serverUrlInsecure: 'Un serveur distant doit utiliser https:// (http:// seulement pour ce poste).',
  },
  hostErrors: {
    'invalid-request': 'Requête invalide.',
    'forbidden-sender': 'Requête refusée.',
    'server-unreachable': 'Serveur injoignable.',
    'server-error': 'Erreur du serveur.',
    'invalid-response': 'Réponse du serveur illisible.',
    'unknown-channel': 'Fonction inconnue.',
    internal: 'Erreur interne.',
  },
};

/** The shape every translation must have: same keys, any strings. */
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
type ArabicPluralForms = Partial<Record<'count_two' | 'count_few' | 'count_many', string>>;
export type Translation = Omit<Widen<typeof fr>, 'beneficiaries'> & {
  beneficiaries: Widen<typeof fr.beneficiaries> & ArabicPluralForms;
};
