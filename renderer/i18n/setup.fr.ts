/**
 * The first run of a server (no account yet), on the sign-in screen: the way in offered on the
 * server's own machine, and whom to ask anywhere else. `setup.ar.ts` has the same keys.
 */
export const setupFr = {
  checkAgain: 'Vérifier à nouveau',
  back: 'Retour',
  offer: {
    title: 'Bienvenue dans Masar',
    intro:
      'Ce serveur n’a encore aucun compte : personne ne peut encore s’y connecter. Vous êtes sur le poste du serveur : vous pouvez le mettre en service.',
    adminTitle: 'Une vraie installation',
    adminText:
      'Créez le compte de l’administrateur. Il crée ensuite les centres et les comptes des conseillers dans Administration.',
    adminButton: 'Créer le premier administrateur',
    demoTitle: 'Découvrir Masar',
    demoText:
      'Un centre fictif, avec 400 bénéficiaires à toutes les étapes du parcours et trois comptes au mot de passe connu. Jamais sur un serveur réel.',
    demoButton: 'Charger le centre de démonstration',
    demoLoading: 'Chargement du centre de démonstration… (quelques secondes)',
    cliHint: 'Sans navigateur, sur le serveur lui-même :',
  },
  remote: {
    title: 'Ce serveur n’a encore aucun compte',
    intro: 'Masar n’a pas encore été mis en service sur ce serveur : personne ne peut encore s’y connecter.',
    whomToAsk:
      'Demandez votre compte à l’administrateur du serveur central, au siège de la Fondation. La mise en service se fait sur le poste du serveur lui-même.',
  },
  admin: {
    title: 'Premier administrateur',
    intro:
      'Ce compte administre tout Masar : centres, comptes et postes. Choisissez un mot de passe personnel d’au moins 10 caractères.',
    username: 'Identifiant de connexion',
    usernameHint: 'Exemple : admin.siege. Lettres minuscules sans accent, chiffres, point, tiret ou tiret bas.',
    displayName: 'Nom complet',
    displayNameHint: 'Exemple : Administrateur du siège',
    password: 'Mot de passe',
    confirmPassword: 'Confirmez le mot de passe',
    submit: 'Créer et se connecter',
  },
  demo: {
    title: 'Centre de démonstration chargé',
    intro: '{{name}} est prêt. Connectez-vous avec l’un de ces comptes : le mot de passe est le même pour les trois.',
    password: 'Mot de passe',
    accounts: 'Comptes de démonstration',
    columns: { username: 'Identifiant', name: 'Nom', role: 'Rôle' },
    signIn: 'Se connecter',
    signInAs: 'Se connecter en tant que {{username}}',
    warning: 'Ce mot de passe est public : ce centre sert à la démonstration, jamais sur un serveur réel.',
    toSignIn: 'Se connecter avec un autre compte',
  },
};
