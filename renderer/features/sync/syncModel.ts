import { normaliseCin } from '../../../shared/beneficiary/cin';
import { localeOf, type Language } from '../../../shared/i18n/language';
import type { HostErrorCode } from '../../../shared/result';
import { detentionRecordSync, syncedEntity } from '../../../shared/sync/entities';
import { tombstoneField, type JsonValue } from '../../../shared/sync/merge';
import type { LocalConflict, LocalRejection, SyncPhase, SyncProgress, SyncReceipt } from '../../sync/types';
import { formatNumber } from '../../i18n/format';
import { isTranslationKey, type Translate, type TranslationKey } from '../../i18n/resources';
import { displayValue, editKind, fieldLabelKey, tableLabelKey } from './fieldLabels';

/**
 * The pure part of the sync screens: labels of fields and values, the two sides of a conflict,
 * validation of a value typed in *À vérifier*, reasons of rejections, and the formats of times
 * and durations. Nothing here talks to the engine.
 */

/** What the screens pass in as `t` (react-i18next's is assignable to it). */
export type { Translate };

/** An i18n key and its values, translated by the component. */
export type Message = { key: TranslationKey; values?: Record<string, unknown> };

/** The label of a synced field (fieldLabels.ts), or the field's name for one Masar does not sync. */
export function fieldLabel(table: string, field: string, t: Translate): string {
  const key = fieldLabelKey(table, field);
  return key === null ? field : t(key);
}

/** The name of a synced table ("Projet générateur de revenus"), or the table's name. */
export function tableLabel(table: string, t: Translate): string {
  const key = tableLabelKey(table);
  return key === null ? table : t(key);
}

export { displayValue };

/** One side of a conflict as *À vérifier* shows it. */
export type ConflictSide = {
  side: 'winning' | 'losing';
  /** `sync.review.mine` / `theirs` when one side is the user's, else `winning` / `other`. */
  titleKey: TranslationKey;
  /** The action that keeps this side. */
  keepKey: TranslationKey;
  value: JsonValue;
  by: string | null;
  at: number;
};

/**
 * The two sides of a conflict in reading order: the user's own version first when one side is
 * theirs ("mine / theirs"), otherwise the version currently kept first ("retenue / autre").
 */
export function conflictSides(conflict: LocalConflict): [ConflictSide, ConflictSide] {
  const side = (which: 'winning' | 'losing', titleKey: TranslationKey, keepKey: TranslationKey): ConflictSide =>
    which === 'winning'
      ? { side: which, titleKey, keepKey, value: conflict.winningValue, by: conflict.winningBy, at: conflict.winningAt }
      : { side: which, titleKey, keepKey, value: conflict.losingValue, by: conflict.losingBy, at: conflict.losingAt };
  if (conflict.mine === null)
    return [
      side('winning', 'sync.review.winning', 'sync.review.keepWinning'),
      side('losing', 'sync.review.other', 'sync.review.keepOther'),
    ];
  const theirs = conflict.mine === 'winning' ? 'losing' : 'winning';
  return [
    side(conflict.mine, 'sync.review.mine', 'sync.review.keepMine'),
    side(theirs, 'sync.review.theirs', 'sync.review.keepTheirs'),
  ];
}

/**
 * What *Modifier* (typing a third value) offers, or null: not for a deletion, nor where a third
 * value cannot be typed (a choice, an amount, an id, history — fieldLabels.ts `editKind`).
 */
export function conflictEditKind(conflict: LocalConflict): 'text' | 'date' | 'sex' | null {
  if (conflict.kind !== 'concurrentEdit' || conflict.field === tombstoneField) return null;
  if (syncedEntity(conflict.table)?.fields[conflict.field] === undefined) return null;
  return editKind(
    conflict.table,
    conflict.field,
    conflict.winningValue === '' ? conflict.losingValue : conflict.winningValue,
  );
}

/** How a deleted-while-edited record is explained ("supprimée par X alors que Y la modifiait"). */
export function deleteVsEditMessage(conflict: LocalConflict, language: Language, t: Translate): Message {
  const deletedBy = conflict.winningBy ?? t('sync.review.unknownPerson');
  const editedBy = conflict.losingBy ?? t('sync.review.unknownPerson');
  if (conflict.field === tombstoneField)
    return { key: 'sync.review.deleteVsUndelete', values: { deletedBy, editedBy } };
  return {
    key: 'sync.review.deleteVsEdit',
    values: {
      deletedBy,
      editedBy,
      field: fieldLabel(conflict.table, conflict.field, t),
      value: displayValue(conflict.table, conflict.field, conflict.losingValue, language, t),
    },
  };
}

/** Applies what the form does before saving (a CIN is stored upper case, without spaces). */
function normaliseInput(field: string, raw: string): string {
  if (field === 'cin') return normaliseCin(raw);
  if (
    field === 'lastNameLatin' ||
    field === 'firstNameLatin' ||
    field === 'lastNameArabic' ||
    field === 'firstNameArabic'
  )
    return raw.trim();
  return raw;
}

/**
 * A value typed in *Modifier*, checked with the field's schema from shared/sync/entities.ts (the
 * one the server validates pushes with): the value to write, or the message key to show.
 */
export function parseConflictValue(
  table: string,
  field: string,
  raw: string,
): { ok: true; value: JsonValue } | { ok: false; messageKey: TranslationKey } {
  const schema = syncedEntity(table)?.fields[field];
  if (schema === undefined) return { ok: false, messageKey: 'sync.rejections.reasons.invalidValueGeneric' };
  const value = normaliseInput(field, raw);
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value };
  const message = parsed.error.issues[0]?.message;
  return {
    ok: false,
    messageKey:
      message?.startsWith('errors.') && isTranslationKey(message)
        ? message
        : 'sync.rejections.reasons.invalidValueGeneric',
  };
}

/**
 * The reason of a rejection, in words; `invalid-value` names the schema's own message when it has
 * one. A refusal whose record then left the PC with the user's access says so, whatever the reason.
 */
export function rejectionMessage(
  rejection: Pick<LocalRejection, 'reason' | 'messageKey' | 'accessLost' | 'restoredVersion'>,
  t: Translate,
): string {
  if (rejection.accessLost) return t('sync.rejections.reasons.accessLost');
  // A version the server had lost, sent again by this PC: not the user's edit.
  if (rejection.restoredVersion !== undefined)
    return t('sync.rejections.restoreRefused', {
      reason: rejectionMessage({ reason: rejection.reason, ...optionalKey(rejection.messageKey) }, t),
    });
  if (rejection.reason === 'invalid-value' || rejection.reason === 'rule') {
    const key = rejection.messageKey;
    const generic = rejection.reason === 'rule' ? 'ruleGeneric' : 'invalidValueGeneric';
    const detail =
      key !== undefined && key.startsWith('errors.') && isTranslationKey(key)
        ? t(key)
        : t(`sync.rejections.reasons.${generic}`);
    return t(`sync.rejections.reasons.${rejection.reason}`, { message: detail });
  }
  return t(`sync.rejections.reasons.${rejection.reason}`);
}

/**
 * What a receipt says beyond the counts, in words (the dialog's receipt and the journal): that the
 * server had lost data and how many records this PC sent it again; how many records left this PC
 * because its user may no longer see them, and why; how many it kept for now because the server
 * was restored. Null and empty when the sync met none of these.
 */
export function receiptNotes(
  receipt: Pick<SyncReceipt, 'restoredRows' | 'removedRows' | 'heldRows'>,
  language: Language,
  t: Translate,
): { restored: string | null; removed: string[]; held: string | null } {
  const number = (count: number) => formatNumber(count, language);
  const restored =
    receipt.restoredRows === undefined
      ? null
      : receipt.restoredRows === 0
        ? t('sync.receipt.restoredNone')
        : t('sync.receipt.restoredValue', { count: receipt.restoredRows, formatted: number(receipt.restoredRows) });
  const removed: string[] = [];
  const { centre = 0, restricted = 0 } = receipt.removedRows ?? {};
  if (centre > 0) removed.push(t('sync.receipt.removedCentre', { count: centre, formatted: number(centre) }));
  if (restricted > 0)
    removed.push(t('sync.receipt.removedRestricted', { count: restricted, formatted: number(restricted) }));
  const held =
    receipt.heldRows === undefined
      ? null
      : t('sync.receipt.heldValue', { count: receipt.heldRows, formatted: number(receipt.heldRows) });
  return { restored, removed, held };
}

function optionalKey(messageKey: string | undefined): { messageKey?: string } {
  return messageKey === undefined ? {} : { messageKey };
}

/** A failed sync's reason, from the host error translations every screen shares. */
export function failureMessageKey(code: HostErrorCode | undefined): TranslationKey {
  return `hostErrors.${code ?? 'internal'}`;
}

/** "il y a 5 minutes", "hier", "à l'instant": the last sync, relative to this PC's clock. */
export function formatRelative(iso: string, now: number, language: Language): string {
  const formatter = new Intl.RelativeTimeFormat(localeOf[language], { numeric: 'auto' });
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return formatter.format(0, 'second');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return formatter.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 24) return formatter.format(-hours, 'hour');
  return formatter.format(-Math.round(hours / 24), 'day');
}

/** A clock gap, in the unit a person would say: "12 minutes", "3 heures", "2 jours". */
export function formatClockOffset(offsetMs: number, language: Language): string {
  const minutes = Math.abs(offsetMs) / 60_000;
  const [amount, unit] =
    minutes < 90
      ? [Math.max(1, Math.round(minutes)), 'minute']
      : minutes < 48 * 60
        ? [Math.round(minutes / 60), 'hour']
        : [Math.round(minutes / 1440), 'day'];
  return new Intl.NumberFormat(localeOf[language], { style: 'unit', unit, unitDisplay: 'long' }).format(amount);
}

export function formatDuration(ms: number, t: Translate): string {
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  if (totalSeconds < 60) return t('sync.duration.seconds', { seconds: totalSeconds });
  return t('sync.duration.minutes', {
    minutes: Math.floor(totalSeconds / 60),
    seconds: String(totalSeconds % 60).padStart(2, '0'),
  });
}

export const syncPhases: readonly SyncPhase[] = ['sending', 'receiving', 'verifying'];

export function phaseState(phase: SyncPhase, current: SyncPhase): 'done' | 'current' | 'pending' {
  const [index, currentIndex] = [syncPhases.indexOf(phase), syncPhases.indexOf(current)];
  return index < currentIndex ? 'done' : index === currentIndex ? 'current' : 'pending';
}

/**
 * Overall progress (0–100) for the bar: sending is most of the work and counted; receiving and
 * verifying have no known total and take fixed steps.
 */
export function progressPercent(progress: SyncProgress | null): number {
  if (progress === null) return 2;
  if (progress.phase === 'sending')
    return progress.totalOps === 0
      ? 60
      : Math.round(5 + (55 * Math.min(progress.sentOps, progress.totalOps)) / progress.totalOps);
  return progress.phase === 'receiving' ? 75 : 92;
}

/**
 * The persons whose detention values a list shows (a detention record's id is its person's). A
 * rejection of a record that left the PC with the user's access shows no value: nothing judicial
 * is shown, and the user may no longer write a consultation there.
 */
export function detentionRowIds(
  items: readonly { table: string; rowId: string; accessLost?: true }[] | undefined,
): string[] {
  return (items ?? [])
    .filter((item) => item.table === detentionRecordSync.table && item.accessLost !== true)
    .map((item) => item.rowId);
}
