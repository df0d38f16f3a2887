import { describe, expect, it } from 'vitest';
import { maxAmountCentimes } from './money';
import { amountInWords } from './words';

/** [centimes, French, Arabic]: the words a handover receipt prints under the figures. */
const vectors: readonly (readonly [number, string, string])[] = [
  [0, 'zéro dirham', 'صفر درهم'],
  [1, 'zéro dirham et un centime', 'صفر درهم وسنتيم واحد'],
  [2, 'zéro dirham et deux centimes', 'صفر درهم وسنتيمان'],
  [7, 'zéro dirham et sept centimes', 'صفر درهم وسبعة سنتيمات'],
  [80, 'zéro dirham et quatre-vingts centimes', 'صفر درهم وثمانون سنتيما'],
  [100, 'un dirham', 'درهم واحد'],
  [150, 'un dirham et cinquante centimes', 'درهم واحد وخمسون سنتيما'],
  [200, 'deux dirhams', 'درهمان'],
  [210, 'deux dirhams et dix centimes', 'درهمان وعشرة سنتيمات'],
  [300, 'trois dirhams', 'ثلاثة دراهم'],
  [311, 'trois dirhams et onze centimes', 'ثلاثة دراهم وأحد عشر سنتيما'],
  [1000, 'dix dirhams', 'عشرة دراهم'],
  [1100, 'onze dirhams', 'أحد عشر درهما'],
  [1200, 'douze dirhams', 'اثنا عشر درهما'],
  [1700, 'dix-sept dirhams', 'سبعة عشر درهما'],
  [2100, 'vingt et un dirhams', 'واحد وعشرون درهما'],
  [2200, 'vingt-deux dirhams', 'اثنان وعشرون درهما'],
  [7000, 'soixante-dix dirhams', 'سبعون درهما'],
  [7100, 'soixante et onze dirhams', 'واحد وسبعون درهما'],
  [7700, 'soixante-dix-sept dirhams', 'سبعة وسبعون درهما'],
  [8000, 'quatre-vingts dirhams', 'ثمانون درهما'],
  [8100, 'quatre-vingt-un dirhams', 'واحد وثمانون درهما'],
  [9000, 'quatre-vingt-dix dirhams', 'تسعون درهما'],
  [9100, 'quatre-vingt-onze dirhams', 'واحد وتسعون درهما'],
  [9900, 'quatre-vingt-dix-neuf dirhams', 'تسعة وتسعون درهما'],
  [10000, 'cent dirhams', 'مائة درهم'],
  [10100, 'cent un dirhams', 'مائة ودرهم واحد'],
  [10200, 'cent deux dirhams', 'مائة ودرهمان'],
  [10300, 'cent trois dirhams', 'مائة وثلاثة دراهم'],
  [11500, 'cent quinze dirhams', 'مائة وخمسة عشر درهما'],
  [18000, 'cent quatre-vingts dirhams', 'مائة وثمانون درهما'],
  [20000, 'deux cents dirhams', 'مائتا درهم'],
  [20100, 'deux cent un dirhams', 'مائتان ودرهم واحد'],
  [30000, 'trois cents dirhams', 'ثلاثمائة درهم'],
  [100000, 'mille dirhams', 'ألف درهم'],
  [100100, 'mille un dirhams', 'ألف ودرهم واحد'],
  [120000, 'mille deux cents dirhams', 'ألف ومائتا درهم'],
  [200000, 'deux mille dirhams', 'ألفا درهم'],
  [200200, 'deux mille deux dirhams', 'ألفان ودرهمان'],
  [300000, 'trois mille dirhams', 'ثلاثة آلاف درهم'],
  [1100000, 'onze mille dirhams', 'أحد عشر ألف درهم'],
  [2100000, 'vingt et un mille dirhams', 'واحد وعشرون ألف درهم'],
  [8000000, 'quatre-vingt mille dirhams', 'ثمانون ألف درهم'],
  [8100000, 'quatre-vingt-un mille dirhams', 'واحد وثمانون ألف درهم'],
  [10000000, 'cent mille dirhams', 'مائة ألف درهم'],
  [10100000, 'cent un mille dirhams', 'مائة ألف وألف درهم'],
  [20000000, 'deux cent mille dirhams', 'مائتا ألف درهم'],
  [20150000, 'deux cent un mille cinq cents dirhams', 'مائتا ألف وألف وخمسمائة درهم'],
  [100000000, 'un million de dirhams', 'مليون درهم'],
  [100000100, 'un million un dirhams', 'مليون ودرهم واحد'],
  [100010000, 'un million cent dirhams', 'مليون ومائة درهم'],
  [200000000, 'deux millions de dirhams', 'مليونا درهم'],
  [200000050, 'deux millions de dirhams et cinquante centimes', 'مليونا درهم وخمسون سنتيما'],
  [300000000, 'trois millions de dirhams', 'ثلاثة ملايين درهم'],
  [1100000000, 'onze millions de dirhams', 'أحد عشر مليون درهم'],
  [8000000000, 'quatre-vingts millions de dirhams', 'ثمانون مليون درهم'],
  [20000000000, 'deux cents millions de dirhams', 'مائتا مليون درهم'],
  [20000000100, 'deux cents millions un dirhams', 'مائتا مليون ودرهم واحد'],
  [100000000000, 'un milliard de dirhams', 'مليار درهم'],
  [200300000000, 'deux milliards trois millions de dirhams', 'ملياران وثلاثة ملايين درهم'],
  [maxAmountCentimes, 'dix milliards de dirhams', 'عشرة مليارات درهم'],
  [
    112121507,
    'un million cent vingt et un mille deux cent quinze dirhams et sept centimes',
    'مليون ومائة وواحد وعشرون ألفا ومائتان وخمسة عشر درهما وسبعة سنتيمات',
  ],
  [
    70760450,
    'sept cent sept mille six cent quatre dirhams et cinquante centimes',
    'سبعمائة وسبعة آلاف وستمائة وأربعة دراهم وخمسون سنتيما',
  ],
  [
    123334169,
    'un million deux cent trente-trois mille trois cent quarante et un dirhams et soixante-neuf centimes',
    'مليون ومائتان وثلاثة وثلاثون ألفا وثلاثمائة وواحد وأربعون درهما وتسعة وستون سنتيما',
  ],
  [
    1067841500,
    'dix millions six cent soixante-dix-huit mille quatre cent quinze dirhams',
    'عشرة ملايين وستمائة وثمانية وسبعون ألفا وأربعمائة وخمسة عشر درهما',
  ],
  [
    99999999999,
    'neuf cent quatre-vingt-dix-neuf millions neuf cent quatre-vingt-dix-neuf mille neuf cent quatre-vingt-dix-neuf dirhams et quatre-vingt-dix-neuf centimes',
    'تسعمائة وتسعة وتسعون مليونا وتسعمائة وتسعة وتسعون ألفا وتسعمائة وتسعة وتسعون درهما وتسعة وتسعون سنتيما',
  ],
  [
    123456789012,
    'un milliard deux cent trente-quatre millions cinq cent soixante-sept mille huit cent quatre-vingt-dix dirhams et douze centimes',
    'مليار ومائتان وأربعة وثلاثون مليونا وخمسمائة وسبعة وستون ألفا وثمانمائة وتسعون درهما واثنا عشر سنتيما',
  ],
];

describe('amountInWords', () => {
  it.each(vectors)('writes %i centimes in French', (centimes, french) => {
    expect(amountInWords(centimes, 'fr')).toBe(french);
  });

  it.each(vectors)('writes %i centimes in Arabic', (centimes, _french, arabic) => {
    expect(amountInWords(centimes, 'ar')).toBe(arabic);
  });

  it('refuses what a receipt cannot state', () => {
    for (const centimes of [-1, 0.5, Number.NaN, Infinity, maxAmountCentimes + 1]) {
      expect(() => amountInWords(centimes, 'fr')).toThrow(RangeError);
      expect(() => amountInWords(centimes, 'ar')).toThrow(RangeError);
    }
  });
});
