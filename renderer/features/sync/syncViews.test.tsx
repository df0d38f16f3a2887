import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { DirectionProvider, MantineProvider } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../../shared/i18n/language';
import { createI18n } from '../../i18n/i18n';
import type { LocalRejection, SyncReceipt, SyncStatus } from '../../sync/types';
import { ConflictList } from './ConflictList';
import { RejectionList } from './RejectionList';
import { SyncDialogBody, type SyncRunState } from './SyncDialog';
import { SyncJournal } from './SyncJournal';
import { SyncStatusBarView } from './SyncStatusBar';
import { testConflict as conflict } from './testConflict';

/**
 * The sync screens rendered to HTML with real translations and a fake engine's data: what a
 * counsellor reads in each state, in both languages. (Interactions are covered end to end in
 * tests/e2e/sync.spec.ts against the real engine and server.)
 */
function render(node: ReactNode, language: Language = 'fr'): string {
  const html = renderToStaticMarkup(
    <I18nextProvider i18n={createI18n(language)}>
      <DirectionProvider initialDirection={language === 'ar' ? 'rtl' : 'ltr'}>
        <MantineProvider>{node}</MantineProvider>
      </DirectionProvider>
    </I18nextProvider>,
  );
  // Text content only, for readable assertions.
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

const now = Date.parse('2026-11-28T17:00:00Z');
const status: SyncStatus = {
  pendingOps: 3,
  pendingRecords: 2,
  lastSuccessAt: '2026-11-28T16:55:00Z',
  failedAttempts: 0,
  isStuck: false,
  clockOffsetMs: 0,
  clockWarning: false,
  openConflicts: 0,
  rejections: 0,
  isSyncing: false,
};
const noop = () => undefined;

describe('the status bar', () => {
  it('says what waits, when the last sync was, and links what needs a person', () => {
    const text = render(
      <SyncStatusBarView
        status={{ ...status, openConflicts: 1, rejections: 2 }}
        connection="online"
        now={now}
        language="fr"
        onOpen={noop}
      />,
    );
    expect(text).toContain('En ligne');
    expect(text).toContain('3 modifications en attente (2 fiches)');
    expect(text).toContain('Dernière synchronisation : il y a 5 minutes (28 nov. 2026, 17:55)');
    expect(text).toContain('1 à vérifier');
    expect(text).toContain('2 rejets');
    expect(text).not.toContain('horloge');
  });

  it('says when everything is sent, and when this PC never synced', () => {
    const text = render(
      <SyncStatusBarView
        status={{ ...status, pendingOps: 0, pendingRecords: 0, lastSuccessAt: null }}
        connection="offline-session"
        now={now}
        language="fr"
        onOpen={noop}
      />,
    );
    expect(text).toContain('Session hors ligne : connectez-vous en ligne pour synchroniser');
    expect(text).toContain('Tout est envoyé');
    expect(text).toContain('Jamais synchronisé sur ce PC');
  });

  it('warns, in words that say what to do, about a far-off clock and a stuck queue', () => {
    const text = render(
      <SyncStatusBarView
        status={{ ...status, clockOffsetMs: -45 * 60_000, clockWarning: true, isStuck: true, failedAttempts: 4 }}
        connection="unreachable"
        now={now}
        language="fr"
        onOpen={noop}
      />,
    );
    expect(text).toMatch(/L’horloge de ce PC a 45\sminutes d’écart avec le serveur : vos saisies sont enregistrées/);
    expect(text).toContain('ne partent plus (4 tentatives sans progrès). Rien n’est perdu');
    expect(text).toContain('Hors ligne : serveur injoignable');
    const restamped = render(
      <SyncStatusBarView
        status={{ ...status, clockOffsetMs: 1_000, clockWarning: true }}
        connection="online"
        now={now}
        language="fr"
        onOpen={noop}
      />,
    );
    expect(restamped).toContain('le serveur a corrigé l’heure de certaines saisies');
  });

  it('speaks Arabic', () => {
    const text = render(
      <SyncStatusBarView
        status={{ ...status, openConflicts: 2 }}
        connection="online"
        now={now}
        language="ar"
        onOpen={noop}
      />,
      'ar',
    );
    expect(text).toContain('في الانتظار: 3 تغييرات (سجلان)');
    expect(text).toContain('للمراجعة: 2');
    expect(text).toContain('آخر مزامنة');
  });
});

const receipt: SyncReceipt = {
  id: 'r1',
  startedAt: '2026-11-28T16:59:50Z',
  finishedAt: '2026-11-28T17:00:02Z',
  durationMs: 12_000,
  outcome: 'ok',
  sentOps: 8,
  sentRecords: 1,
  receivedRows: 4,
  conflictsOpened: 1,
  rejections: 0,
  clampedOps: 2,
  clockOffsetMs: -400_000,
};

function dialog(state: SyncRunState, language: Language = 'fr') {
  return render(
    <SyncDialogBody
      state={state}
      language={language}
      waiting={{ conflicts: 1, rejections: 0 }}
      onStart={noop}
      onClose={noop}
      onNavigate={noop}
    />,
    language,
  );
}

describe('the Synchroniser dialog', () => {
  it('summarises what will be sent, or that there is nothing to send', () => {
    const text = dialog({ kind: 'preview', preview: { created: 1, changed: 2, deleted: 0, ops: 9 } });
    expect(text).toContain('1 fiche créée');
    expect(text).toContain('2 fiches modifiées');
    expect(text).not.toContain('suppression');
    expect(text).toContain('Lancer');
    expect(dialog({ kind: 'preview', preview: { created: 0, changed: 0, deleted: 0, ops: 0 } })).toContain(
      'Rien à envoyer, la synchronisation va recevoir les changements des collègues.',
    );
  });

  it('shows the phase and its counts while it runs', () => {
    const sending = dialog({
      kind: 'running',
      progress: { phase: 'sending', sentOps: 3, totalOps: 8, receivedRows: 0 },
    });
    expect(sending).toContain('Envoi : en cours');
    expect(sending).toContain('Envoi 3 / 8');
    expect(sending).toContain('Réception : à venir');
    const receiving = dialog({
      kind: 'running',
      progress: { phase: 'receiving', sentOps: 8, totalOps: 8, receivedRows: 4 },
    });
    expect(receiving).toContain('Envoi : terminé');
    expect(receiving).toContain('Réception : 4 fiches reçues');
  });

  it('gives a receipt, with the ops whose time the server corrected', () => {
    const text = dialog({ kind: 'done', receipt });
    expect(text).toContain('Synchronisation terminée');
    expect(text).toContain('8 modifications (1 fiche)');
    expect(text).toContain('4 fiches');
    expect(text).toContain('12 s');
    expect(text).toContain('2 modifications datées dans le futur');
    expect(text).toContain('Voir les fiches à vérifier');
  });

  it('says when the server had lost data and what this PC sent it again, and what left this PC and why', () => {
    const done = { ...receipt, clampedOps: 0, restoredRows: 12, removedRows: { centre: 3, restricted: 1 } };
    const text = dialog({ kind: 'done', receipt: done });
    expect(text).toContain(
      'Serveur restauré Le serveur avait perdu des données (restauré depuis une sauvegarde) : ce PC lui a renvoyé 12 fiches.',
    );
    expect(text).toContain(
      'Retiré de ce PC 3 fiches de centres qui ne vous sont plus attribués · 1 fiche de données de détention, que votre rôle ne permet plus de consulter',
    );
    const arabic = dialog({ kind: 'done', receipt: { ...done, restoredRows: 2 } }, 'ar');
    expect(arabic).toContain('استرجاع الخادم');
    expect(arabic).toContain('السجلات التي أعاد هذا الحاسوب إرسالها إليه: 2');
    expect(arabic).toContain('سجلات مراكز لم تعد مسندة إلى حسابك: 3');
    expect(arabic).toContain('سجلات معطيات الاعتقال التي لم يعد دورك يسمح بالاطلاع عليها: 1');
    // Another PC had already sent everything again: this one says so, not "0 records".
    expect(dialog({ kind: 'done', receipt: { ...receipt, restoredRows: 0 } })).toContain(
      'ce PC n’avait rien de plus à lui renvoyer.',
    );
    // Records kept because the server was restored, and why.
    const held = dialog({ kind: 'done', receipt: { ...receipt, heldRows: 2 } });
    expect(held).toContain('Gardé sur ce PC 2 fiches que votre compte ne permet plus de voir, gardées 7 jours');
    expect(dialog({ kind: 'done', receipt: { ...receipt, heldRows: 2 } }, 'ar')).toContain(
      'محفوظة سبعة أيام لأن الخادم المسترجَع قد لا يملكها',
    );
    // An ordinary sync says neither.
    const ordinary = dialog({ kind: 'done', receipt });
    expect(ordinary).not.toContain('Serveur restauré');
    expect(ordinary).not.toContain('Retiré de ce PC');
    expect(ordinary).not.toContain('Gardé sur ce PC');
  });

  it('explains a failure in the user’s language and says nothing saved is lost', () => {
    const failed = dialog({
      kind: 'done',
      receipt: { ...receipt, outcome: 'failed', errorCode: 'server-unreachable' },
    });
    expect(failed).toContain('La synchronisation n’a pas abouti');
    expect(failed).toContain('Serveur injoignable.');
    expect(failed).toContain('Rien de ce qui est enregistré sur ce PC n’est perdu');
    expect(failed).toContain('Réessayer');
    const arabic = dialog({ kind: 'crashed', code: 'internal' }, 'ar');
    expect(arabic).toContain('لم تكتمل المزامنة');
    expect(arabic).toContain('لم يضع أي شيء');
  });
});

describe('À vérifier', () => {
  const resolve = () => Promise.resolve();
  it('shows both versions side by side, mine first, with who and when', () => {
    const text = render(<ConflictList conflicts={[conflict]} language="fr" resolve={resolve} />);
    expect(text).toContain('EL IDRISSI Amina');
    expect(text).toContain('Information : CIN / CNIE');
    expect(text.indexOf('Ma version')).toBeLessThan(text.indexOf('L’autre version'));
    expect(text.indexOf('BE222222')).toBeLessThan(text.indexOf('BE111111'));
    expect(text).toContain('Par Karim Alaoui');
    expect(text).toContain('Le 28 nov. 2026, 16:00');
    expect(text).toContain('Garder ma version');
    expect(text).toContain('Garder l’autre version');
    expect(text).toContain('Modifier');
  });

  it('explains a deletion against an edit, with its own choices', () => {
    const text = render(
      <ConflictList
        conflicts={[{ ...conflict, kind: 'deleteVsEdit', winningValue: null, mine: null }]}
        language="fr"
        resolve={resolve}
      />,
    );
    expect(text).toContain('Fiche supprimée par Karim Alaoui alors que Amina El Idrissi la modifiait');
    expect(text).toContain('Confirmer la suppression');
    expect(text).toContain('Restaurer la fiche');
    expect(text).not.toContain('Modifier');
  });

  it('says when there is nothing to review, in Arabic too', () => {
    expect(render(<ConflictList conflicts={[]} language="ar" resolve={resolve} />, 'ar')).toContain('لا شيء للمراجعة.');
  });
});

describe('Rejets and the journal', () => {
  const rejection: LocalRejection = {
    id: 7,
    table: 'beneficiaries',
    rowId: 'r1',
    field: 'cin',
    value: 'AB-12',
    reason: 'invalid-value',
    messageKey: 'errors.cinCharacters',
    rejectedAt: '2026-11-28T17:00:00Z',
    recordLabel: 'EL IDRISSI Amina',
  };
  it('show why the server refused an op, with Renvoyer and Abandonner', () => {
    const text = render(
      <RejectionList
        rejections={[rejection]}
        language="fr"
        resend={() => Promise.resolve()}
        discard={() => Promise.resolve()}
      />,
    );
    expect(text).toContain('Valeur refusée : Seuls des lettres et des chiffres sont permis.');
    expect(text).toContain('Valeur envoyée : AB-12');
    expect(text).toContain('Renvoyer');
    expect(text).toContain('Abandonner (reprendre la version du serveur)');
  });

  it('say why an edit of a record that left the PC was refused; it can only be dismissed, and a judicial value is gone', () => {
    const lost: LocalRejection = {
      ...rejection,
      table: 'detentionRecords',
      field: 'judicialNotes',
      value: null,
      reason: 'forbidden',
      recordLabel: '0192ab3c',
      accessLost: true,
    };
    const list = (language: Language) =>
      render(
        <RejectionList
          rejections={[lost]}
          language={language}
          resend={() => Promise.resolve()}
          discard={() => Promise.resolve()}
        />,
        language,
      );
    const text = list('fr');
    expect(text).toContain('Données de détention');
    expect(text).toContain('Refusée : vous n’avez plus accès à cette fiche');
    expect(text).toContain('Valeur envoyée : retirée de ce PC avec la fiche (données de détention).');
    expect(text).toContain('Information : Notes judiciaires utiles à l’accompagnement');
    expect(text).toContain('Retirer de la liste');
    // (The list's introduction names « Renvoyer »: the card itself does not offer it.)
    expect(text.slice(text.indexOf('0192ab3c'))).not.toContain('Renvoyer');
    const arabic = list('ar');
    expect(arabic).toContain('لم يعد لديك حق الوصول إلى هذا السجل');
    expect(arabic).toContain('إزالة من القائمة');
    expect(arabic.slice(arabic.indexOf('0192ab3c'))).not.toContain('إعادة الإرسال');
  });

  it('say when a refused value was one this PC sent again to a restored server', () => {
    const text = render(
      <RejectionList
        rejections={[{ ...rejection, field: 'stage', reason: 'rule', messageKey: undefined, restoredVersion: 'v1' }]}
        language="fr"
        resend={() => Promise.resolve()}
        discard={() => Promise.resolve()}
      />,
    );
    expect(text).toContain(
      'Ce PC renvoyait au serveur restauré une valeur qu’il avait perdue, et le serveur ne l’a pas acceptée. Refusée :',
    );
    expect(text).toContain('Ce rejet disparaîtra de lui-même');
  });

  it('list each sync with its outcome', () => {
    const text = render(
      <SyncJournal
        journal={[{ ...receipt, id: 'r2', outcome: 'failed', errorCode: 'sync-database-mismatch' }, receipt]}
        language="fr"
      />,
    );
    expect(text).toContain('Réussie');
    expect(text).toContain('Échec');
    expect(text).toContain('la synchronisation est arrêtée pour ne rien mélanger');
    expect(text).toContain('8 modifications (1 fiche)');
    expect(text).not.toContain('Retiré de ce PC');
    const noted = render(
      <SyncJournal
        journal={[{ ...receipt, restoredRows: 1, removedRows: { centre: 0, restricted: 2 } }]}
        language="fr"
      />,
    );
    expect(noted).toContain('ce PC lui a renvoyé 1 fiche.');
    expect(noted).toContain(
      'Retiré de ce PC : 2 fiches de données de détention, que votre rôle ne permet plus de consulter',
    );
  });
});
