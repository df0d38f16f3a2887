/**
 * French strings of the case file (*dossier*): its page, the parcours and its history, the
 * timeline, the list's filters, and the names of the parcours' reference values (stages,
 * closure reasons, orientations), used by every screen (`casefile.stage.*`, …). Terms follow
 * docs/glossary.md.
 */
export const casefileFr = {
  stage: {
    accueil: 'Accueil',
    diagnostic: 'Diagnostic et qualification',
    projetDeVie: 'Projet de vie',
    validation: 'Validation',
    miseEnOeuvre: 'Mise en œuvre',
    remise: 'Remise',
    suivi: 'Suivi',
    cloture: 'Clôturé',
  },
  closureReason: {
    reinsertionReussie: 'Réinsertion réussie',
    abandon: 'Abandon',
    transfert: 'Transfert',
    reincarceration: 'Réincarcération',
    deces: 'Décès',
  },
  orientation: {
    agr: 'Projet générateur de revenus (AGR)',
    emploiSalarie: 'Emploi salarié',
    formationComplementaire: 'Formation complémentaire',
  },
  actionStatus: {
    prevue: 'Prévue',
    enCours: 'En cours',
    realisee: 'Réalisée',
    abandonnee: 'Abandonnée',
  },
};
