/**
 * The *procès-verbal de remise* of one beneficiary, French and Arabic on the same pages, as a
 * Moroccan bilingual administrative form: French on the left, Arabic on the right, labels in both
 * languages, values written once when they are the same in both (a CIN, an amount, a place typed
 * by the counsellor).
 *
 * The document is French (`language: 'fr'`, left to right) and every Arabic text is an element of
 * its own with `dir="rtl"`: the form's grid (French column first, figures in columns read left to
 * right) is the French one, which is how the Fondation's working language lays a bilingual form
 * out, and an element-level `dir` gives each Arabic text a right-to-left paragraph of its own, so
 * Chromium shapes and orders it exactly as in an Arabic document. Dates inside Arabic text are
 * isolates (`.date`), right to left for a long date ("14 مارس 2026"), whose day must stay first.
 *
 * Everything printed comes from the receipt (the snapshot signed) and the ceremony; the totals
 * are computed here with the shared rules (`receiptTotalCentimes`, `isHandedOver`), the same ones
 * the ceremony's summary uses.
 */
import type { ReactNode } from 'react';
import {
  isHandedOver,
  receiptTotalCentimes,
  type Ceremony,
  type HandoverReceipt,
  type ReceiptItem,
} from '../../../shared/agr/ceremony';
import { formatAmount, formatMoney, lineTotal } from '../../../shared/money/money';
import { amountInWords } from '../../../shared/money/words';
import { findPrefectureByCode } from '../../../shared/reference/administrative';
import { formatDate } from '../../i18n/format';
import { printDocument } from '../printDocument';
import { printStringsAr as ar, printStringsFr as fr } from './printStrings';

export type CentreName = { fr: string; ar: string };

export type HandoverReceiptInput = {
  receipt: HandoverReceipt;
  ceremony: Ceremony;
  /** The CAPC that holds the ceremony, as the letterhead names it. */
  centreName: CentreName;
};

/** The PV as a complete HTML document, for the `print:pdf` channel. */
export function handoverReceiptHtml({ receipt, ceremony, centreName }: HandoverReceiptInput): string {
  const version = receipt.version > 1 ? ` (${fr.receipt.version(receipt.version)})` : '';
  return printDocument({
    language: 'fr',
    title: `${fr.receipt.title} — ${receipt.beneficiaryName}${version}`,
    header: `${fr.fondation} · ${fr.indhShort} — ${ar.fondation} · ${ar.indh}`,
    body: <HandoverReceiptDocument receipt={receipt} ceremony={ceremony} centreName={centreName} />,
    css: receiptCss + referenceCss(receipt),
  });
}

/**
 * Every PV in force of a ceremony in one document (the coordinator prints them all at once): each
 * receipt starts a new page, on pages named after it so that each page's foot still gives its own
 * reference (CSS named pages). Page numbers run through the whole document.
 */
export function handoverReceiptsHtml({
  receipts,
  ceremony,
  centreName,
}: {
  receipts: readonly HandoverReceipt[];
  ceremony: Ceremony;
  centreName: CentreName;
}): string {
  return printDocument({
    language: 'fr',
    title: `${fr.receipt.title} — ${ceremony.date}`,
    header: `${fr.fondation} · ${fr.indhShort} — ${ar.fondation} · ${ar.indh}`,
    body: (
      <>
        {receipts.map((receipt, index) => (
          <section key={receipt.id} className="receipt-page" style={{ page: `receipt${String(index)}` }}>
            <HandoverReceiptDocument receipt={receipt} ceremony={ceremony} centreName={centreName} />
          </section>
        ))}
      </>
    ),
    css:
      receiptCss +
      '.receipt-page + .receipt-page { break-before: page; }' +
      receipts.map((receipt, index) => referenceCss(receipt, `receipt${String(index)}`)).join('\n'),
  });
}

/**
 * The receipt's reference: the end of its id. A UUIDv7 begins with its creation time, so the
 * receipts of one ceremony share their first characters; the last ones are random.
 */
export function shortReceiptId(id: string): string {
  return id.replaceAll('-', '').slice(-8).toUpperCase();
}

/** An instant as Moroccan wall-clock time, "2026-03-14 10:32": the same digits in both languages. */
export function instantInCasablanca(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Africa/Casablanca',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

// eslint-disable-next-line no-control-regex -- control characters are what this replaces
const controlCharacters = /[\u0000-\u001f\u007f]/g;

/**
 * A CSS string literal of plain text (for a page-margin box): line breaks and other control
 * characters become spaces; quotes, backslashes and `<` (which could close `<style>`) CSS escapes.
 */
function cssString(text: string): string {
  const escaped = text
    .replace(controlCharacters, ' ')
    .replace(/["\\<>&]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `);
  return `"${escaped}"`;
}

/**
 * The reference and the signed instant at the foot of every page, French on the left and Arabic
 * on the right of the page number: a page separated from the others still says which PV it is.
 */
function referenceCss(receipt: HandoverReceipt, pageName = ''): string {
  const id = shortReceiptId(receipt.id);
  const at = instantInCasablanca(receipt.signedAt);
  const versionFr = receipt.version > 1 ? ` · ${fr.receipt.version(receipt.version)}` : '';
  const versionAr = receipt.version > 1 ? ` · ${ar.receipt.version(receipt.version)}` : '';
  const french = `${fr.receipt.reference} ${id}${versionFr} · ${fr.receipt.signedAt} ${at} (${fr.receipt.moroccoTime})`;
  // U+2066/U+2069 (left-to-right isolate) keep the code and the instant in order inside Arabic.
  const arabic = `${ar.receipt.reference} \u2066${id}\u2069${versionAr} · ${ar.receipt.signedAt} \u2066${at}\u2069 (${ar.receipt.moroccoTime})`;
  return `
@page ${pageName} {
  @bottom-left { content: ${cssString(french)}; font-size: 7pt; color: #444; text-align: left; vertical-align: middle; }
  @bottom-right { content: ${cssString(arabic)}; font-family: 'Noto Sans Arabic', 'Noto Sans', sans-serif; font-size: 7pt; color: #444; direction: rtl; text-align: right; vertical-align: middle; }
}`;
}

const receiptCss = `
html { font-size: 9.5pt; line-height: 1.35; }
[lang='ar'] { font-family: 'Noto Sans Arabic', 'Noto Sans', sans-serif; }
/* A long Arabic date keeps its day first: an isolate, but right to left. */
.date[dir='rtl'] { direction: rtl; }
/* French then Arabic on one line; the Arabic goes to a line of its own, at the right, when both do not fit. */
.bi { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: baseline; column-gap: 4mm; }
.bi > [lang='ar'] { margin-left: auto; text-align: right; }
.letterhead { display: flex; justify-content: space-between; gap: 8mm; margin: 0 0 4mm; font-size: 9pt; line-height: 1.3; }
.letterhead > div { flex: 1 1 0; }
.letterhead strong { display: block; }
.letterhead > [lang='ar'] { text-align: right; }
.title { text-align: center; margin: 0 0 3.5mm; }
.title h1 { margin: 0; font-size: 14pt; }
.title .ar-title { font-size: 14pt; font-weight: 700; margin: 0; }
.correction { border: 1pt solid #000; padding: 1.2mm 3mm; margin: 0 0 3mm; }
.correction p { margin: 0; }
table { margin: 0 0 3mm; }
th, td { padding: 0.8mm 1.8mm; }
table.facts { table-layout: fixed; }
table.facts th { background: #f2f2f2; width: 23%; }
table.facts th[lang='ar'] { text-align: right; }
.cin { letter-spacing: 0.3pt; }
.intro p, .intro div { margin: 0 0 0.5mm; }
table.items { table-layout: fixed; font-size: 8.5pt; margin-top: 1mm; }
table.items th { font-size: 8pt; line-height: 1.25; vertical-align: bottom; white-space: normal; }
table.items th [lang='ar'] { display: block; }
table.items col.n { width: 8mm; }
table.items col.quantity { width: 11mm; }
table.items col.price { width: 22mm; }
table.items col.serial { width: 30mm; }
table.items col.status { width: 34mm; }
table.items td.n { text-align: center; }
table.items td.serial { font-size: 8pt; overflow-wrap: anywhere; }
table.items .note { display: block; font-size: 7.5pt; font-style: italic; color: #333; }
table.items .note [lang='ar'] { font-style: normal; }
table.items tr.missing td.amount { color: #666; }
table.items tbody.totals th, table.items tbody.totals td { background: #f2f2f2; font-weight: 700; }
table.items tbody.totals tr.planned th, table.items tbody.totals tr.planned td { background: #fff; font-weight: 400; }
table.items tbody.totals tr.footnote td { border: 0; background: #fff; font-weight: 400; font-size: 7.5pt; padding: 1mm 0 0; }
.total { border: 1pt solid #000; padding: 1.5mm 3mm; margin: 0 0 4mm; break-inside: avoid; }
.total p { margin: 0 0 0.8mm; }
.total p:last-child { margin: 0; }
.total .figures { font-weight: 700; }
.closing { break-inside: avoid; }
.signatures { display: flex; gap: 6mm; }
.signature { flex: 1 1 0; border: 0.5pt solid #555; padding: 1.5mm 3mm; margin: 0; font-size: 8.5pt; }
.signature .role { font-weight: 700; }
.signature-image { height: 22mm; display: flex; align-items: center; justify-content: center; margin: 1mm 0; }
.signature-image.scanned { height: 45mm; }
.signature-image img { max-width: 100%; max-height: 100%; object-fit: contain; }
.signature p { margin: 0; }
.signature .kind { font-size: 7.5pt; color: #333; margin-top: 0.8mm; }
`;

/** An Arabic text in its own right-to-left element. */
function Ar({ children, block = false }: { children: ReactNode; block?: boolean }) {
  return block ? (
    <div lang="ar" dir="rtl">
      {children}
    </div>
  ) : (
    <span lang="ar" dir="rtl">
      {children}
    </span>
  );
}

/** A calendar date in Arabic, "14 مارس 2026", kept in one piece and in order inside Arabic text. */
export function ArabicDate({ value }: { value: string }) {
  return (
    <span className="date" dir="rtl">
      {formatDate(value, 'ar')}
    </span>
  );
}

/** French at the start of the line, Arabic at its end. */
function Bilingual({ french, arabic }: { french: ReactNode; arabic: ReactNode }) {
  return (
    <div className="bi">
      <span lang="fr">{french}</span>
      <Ar>{arabic}</Ar>
    </div>
  );
}

/**
 * A row of the facts table: French label, the value, Arabic label. A value that reads the same in
 * both languages (a code, a place as typed) spans both value columns; `values` gives one of each.
 */
function Fact({
  label,
  value,
  values,
}: {
  label: { fr: string; ar: string };
  value?: ReactNode;
  values?: { fr: ReactNode; ar: ReactNode };
}) {
  return (
    <tr>
      <th scope="row">{label.fr}</th>
      {values ? (
        <>
          <td>{values.fr}</td>
          <td lang="ar" dir="rtl">
            {values.ar}
          </td>
        </>
      ) : (
        <td colSpan={2} dir="auto">
          {value}
        </td>
      )}
      <th scope="row" lang="ar" dir="rtl">
        {label.ar}
      </th>
    </tr>
  );
}

function prefectureOf(code: string): { fr: string; ar: string } | undefined {
  const prefecture = findPrefectureByCode(code);
  if (!prefecture) return undefined;
  return {
    fr: `${prefecture.name.fr} (${fr.prefectureKind[prefecture.kind]})`,
    ar: `${ar.prefectureKind[prefecture.kind]} ${prefecture.name.ar}`,
  };
}

/** A column heading in both languages, French above. */
function Heading({ french, arabic, className }: { french: string; arabic: string; className?: string }) {
  return (
    <th className={className} scope="col">
      {french}
      <Ar>{arabic}</Ar>
    </th>
  );
}

function ItemRow({ item, index }: { item: ReceiptItem; index: number }) {
  const status = item.handoverStatus;
  const isMissing = !isHandedOver(status);
  const noteLabel =
    status === 'manquant'
      ? { fr: fr.receipt.missingReason, ar: ar.receipt.missingReason }
      : status === 'remplace'
        ? { fr: fr.receipt.replacement, ar: ar.receipt.replacement }
        : undefined;
  const amount = formatAmount(lineTotal(item.quantity, item.unitPriceCentimes), 'fr');
  return (
    <tr className={isMissing ? 'missing' : undefined}>
      <td className="n">{index + 1}</td>
      <td dir="auto">{item.designation}</td>
      <td className="number">{item.quantity}</td>
      <td className="amount">{formatAmount(item.unitPriceCentimes, 'fr')}</td>
      <td className="amount">{isMissing ? `*\u00a0${amount}` : amount}</td>
      <td className="serial">{item.serialNumber}</td>
      <td>
        <Bilingual french={fr.handoverStatus[status]} arabic={ar.handoverStatus[status]} />
        {noteLabel && item.handoverNote.trim() !== '' && (
          <span className="note">
            {noteLabel.fr} / <Ar>{noteLabel.ar}</Ar> : <bdi>{item.handoverNote}</bdi>
          </span>
        )}
      </td>
    </tr>
  );
}

function ItemTable({ items }: { items: readonly ReceiptItem[] }) {
  const handedOver = receiptTotalCentimes(items.filter((item) => isHandedOver(item.handoverStatus)));
  const planned = receiptTotalCentimes(items);
  const hasMissing = items.some((item) => !isHandedOver(item.handoverStatus));
  return (
    <table className="items">
      <colgroup>
        <col className="n" />
        <col />
        <col className="quantity" />
        <col className="price" />
        <col className="price" />
        <col className="serial" />
        <col className="status" />
      </colgroup>
      <thead>
        <tr>
          <Heading french={fr.receipt.number} arabic={ar.receipt.number} />
          <Heading french={fr.receipt.designation} arabic={ar.receipt.designation} />
          <Heading french={fr.receipt.quantity} arabic={ar.receipt.quantity} className="number" />
          <Heading french={fr.receipt.unitPrice} arabic={ar.receipt.unitPrice} className="amount" />
          <Heading french={fr.receipt.amount} arabic={ar.receipt.amount} className="amount" />
          <Heading french={fr.receipt.serialNumber} arabic={ar.receipt.serialNumber} />
          <Heading french={fr.receipt.status} arabic={ar.receipt.status} />
        </tr>
      </thead>
      <tbody>
        {items.map((item, index) => (
          <ItemRow key={index} item={item} index={index} />
        ))}
      </tbody>
      {/* A tbody, not a tfoot: Chromium repeats a tfoot at the foot of every page. */}
      <tbody className="totals">
        <tr>
          <th colSpan={4} scope="row">
            <Bilingual french={fr.receipt.totalHandedOver} arabic={ar.receipt.totalHandedOver} />
          </th>
          <td className="amount">{formatAmount(handedOver, 'fr')}</td>
          <td colSpan={2} />
        </tr>
        {hasMissing && (
          <tr className="planned">
            <th colSpan={4} scope="row">
              <Bilingual french={fr.receipt.totalPlanned} arabic={ar.receipt.totalPlanned} />
            </th>
            <td className="amount">{formatAmount(planned, 'fr')}</td>
            <td colSpan={2} />
          </tr>
        )}
        {hasMissing && (
          <tr className="footnote">
            <td colSpan={7}>
              <Bilingual french={`* ${fr.receipt.notCounted}`} arabic={`* ${ar.receipt.notCounted}`} />
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

/** The total in figures and in words, French then Arabic, each on lines of its own. */
function Total({ centimes }: { centimes: number }) {
  return (
    <section className="total">
      <p lang="fr" className="figures">
        {fr.receipt.totalHandedOver} : <span className="amount">{formatMoney(centimes, 'fr')}</span>
      </p>
      <p lang="fr">
        {fr.receipt.inWords} : {amountInWords(centimes, 'fr')}.
      </p>
      <p lang="ar" dir="rtl" className="figures">
        {ar.receipt.totalHandedOver}: <span className="amount">{formatMoney(centimes, 'ar')}</span>
      </p>
      <p lang="ar" dir="rtl">
        {ar.receipt.inWords}: {amountInWords(centimes, 'ar')}.
      </p>
    </section>
  );
}

function Signature({
  label,
  image,
  name,
  signedOn,
  kind,
}: {
  label: { fr: string; ar: string };
  image: string;
  name: ReactNode;
  signedOn: string;
  kind?: HandoverReceipt['beneficiarySignatureKind'];
}) {
  return (
    <figure className="signature">
      <div className="role">
        <Bilingual french={label.fr} arabic={label.ar} />
      </div>
      <div className={kind === 'scanned' ? 'signature-image scanned' : 'signature-image'}>
        {image !== '' && <img src={image} alt="" />}
      </div>
      <p>{name}</p>
      <Bilingual
        french={`${fr.receipt.signedOn} ${formatDate(signedOn, 'fr')}`}
        arabic={
          <>
            {ar.receipt.signedOn} <ArabicDate value={signedOn} />
          </>
        }
      />
      {kind && (
        <div className="kind">
          <Bilingual french={fr.receipt.signatureKind[kind]} arabic={ar.receipt.signatureKind[kind]} />
        </div>
      )}
    </figure>
  );
}

function HandoverReceiptDocument({ receipt, ceremony, centreName }: HandoverReceiptInput) {
  const handedOver = receiptTotalCentimes(receipt.items.filter((item) => isHandedOver(item.handoverStatus)));
  const prefecture = prefectureOf(ceremony.prefectureCode);
  const arabicName = receipt.beneficiaryNameArabic.trim();
  return (
    <>
      <header className="letterhead">
        <div lang="fr">
          <strong>{fr.fondation}</strong>
          {centreName.fr}
        </div>
        <div lang="ar" dir="rtl">
          <strong>{ar.fondation}</strong>
          {centreName.ar}
        </div>
      </header>

      <div className="title">
        <h1>{fr.receipt.title}</h1>
        <p className="ar-title" lang="ar" dir="rtl">
          {ar.receipt.title}
        </p>
      </div>

      {receipt.version > 1 && (
        <section className="correction">
          <p lang="fr">
            <strong>{fr.receipt.version(receipt.version)}</strong> — {fr.receipt.replaces(receipt.version - 1)} (
            {fr.receipt.reason} : <bdi>{receipt.correctionReason}</bdi>)
          </p>
          <p lang="ar" dir="rtl">
            <strong>{ar.receipt.version(receipt.version)}</strong> — {ar.receipt.replaces(receipt.version - 1)} (
            {ar.receipt.reason}: <bdi>{receipt.correctionReason}</bdi>)
          </p>
        </section>
      )}

      <table className="facts">
        <tbody>
          <Fact
            label={{ fr: fr.ceremony.date, ar: ar.ceremony.date }}
            values={{ fr: formatDate(ceremony.date, 'fr'), ar: <ArabicDate value={ceremony.date} /> }}
          />
          <Fact label={{ fr: fr.ceremony.place, ar: ar.ceremony.place }} value={ceremony.place} />
          {prefecture && (
            <Fact label={{ fr: fr.ceremony.prefecture, ar: ar.ceremony.prefecture }} values={prefecture} />
          )}
          {ceremony.presidingAuthority.trim() !== '' && (
            <Fact
              label={{ fr: fr.ceremony.presidingAuthority, ar: ar.ceremony.presidingAuthority }}
              value={ceremony.presidingAuthority}
            />
          )}
          <Fact
            label={{ fr: fr.receipt.beneficiary, ar: ar.receipt.beneficiary }}
            value={arabicName === '' ? <strong>{receipt.beneficiaryName}</strong> : undefined}
            values={
              arabicName === ''
                ? undefined
                : { fr: <strong>{receipt.beneficiaryName}</strong>, ar: <strong>{arabicName}</strong> }
            }
          />
          <Fact
            label={{ fr: fr.receipt.cin, ar: ar.receipt.cin }}
            value={<span className="ltr cin">{receipt.beneficiaryCin}</span>}
          />
          <Fact label={{ fr: fr.receipt.project, ar: ar.receipt.project }} value={receipt.projectTitle} />
        </tbody>
      </table>

      <div className="intro">
        <p lang="fr">{fr.receipt.intro}</p>
        <Ar block>{ar.receipt.intro}</Ar>
      </div>
      <ItemTable items={receipt.items} />

      {/* The total and the signatures under it stay together: a page never holds signatures alone. */}
      <div className="closing">
        <Total centimes={handedOver} />

        <div className="signatures">
          <Signature
            label={{ fr: fr.receipt.beneficiarySignature, ar: ar.receipt.beneficiarySignature }}
            image={receipt.beneficiarySignature}
            name={
              <>
                {receipt.beneficiaryName}
                {arabicName !== '' && (
                  <>
                    {' — '}
                    <Ar>{arabicName}</Ar>
                  </>
                )}
              </>
            }
            signedOn={receipt.signedOn}
            kind={receipt.beneficiarySignatureKind}
          />
          <Signature
            label={{ fr: fr.receipt.counsellorSignature, ar: ar.receipt.counsellorSignature }}
            image={receipt.counsellorSignature}
            name={<bdi>{receipt.counsellorName}</bdi>}
            signedOn={receipt.signedOn}
          />
        </div>
      </div>
    </>
  );
}
