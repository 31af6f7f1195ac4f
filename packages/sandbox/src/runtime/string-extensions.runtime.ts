/**
 * In-isolate source: n8n's string extension methods (`"a b".toSnakeCase()`, `$json.email.extractDomain()`,
 * `$json.body.parseJson()`...). Each function takes the string, the call's arguments as an array and the
 * extension context (see extension-dispatch.runtime.ts); a bad input throws an extension error.
 */
export const stringExtensionsRuntimeSource = String.raw`
var DOMAIN_PATTERN = '(?:(?:[-\\w]+\\.)+(?:[a-zA-Z]{2,}|xn--[a-zA-Z0-9]+)|localhost|\\d{1,3}(?:\\.\\d{1,3}){3})';
/** Port, path, query and fragment after a host: anything but white space. */
var URL_TAIL_PATTERN = '(?::\\d+)?(?:[/?#]\\S*)?';
var URL_EXACT = new RegExp('^(?:https?|ftp)://(?:www\\.)?' + DOMAIN_PATTERN + URL_TAIL_PATTERN + '$', 'i');
var URL_ANYWHERE = new RegExp('(?:https?|ftp)://(?:www\\.)?' + DOMAIN_PATTERN + URL_TAIL_PATTERN, 'i');
var DOMAIN_EXACT = new RegExp('^(?:www\\.)?' + DOMAIN_PATTERN + URL_TAIL_PATTERN + '$', 'i');
var DOMAIN_OF_URL = new RegExp(
  '^(?:(?:https?|ftp)://)?(?:mailto:)?(?://)?((?:www\\.)?' + DOMAIN_PATTERN + ')' + URL_TAIL_PATTERN + '$', 'i');
var EMAIL_PATTERN = new RegExp(
  '(?:[^<>()\\[\\]\\\\.,;:\\s@"]+(?:\\.[^<>()\\[\\]\\\\.,;:\\s@"]+)*|".+")@' +
  '(\\[\\d{1,3}(?:\\.\\d{1,3}){3}\\]|(?:[a-zA-Z0-9-]+\\.)+[a-zA-Z]{2,})');
/** Currency signs ('$1,000' → 1000 needs the sign gone; the comma stays an error or a stop, as in n8n). */
var CURRENCY_SIGNS = /\p{Sc}/gu;
/** Words title case leaves in lower case unless they start the text. */
var TITLE_SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'but', 'by', 'en', 'for', 'if', 'in', 'nor', 'of',
  'on', 'or', 'per', 'so', 'the', 'to', 'up', 'v', 'via', 'vs', 'yet']);
/** Letters that Unicode decomposition does not reduce to ASCII. */
var ASCII_LETTERS = { 'ß': 'ss', 'Æ': 'AE', 'æ': 'ae', 'Ø': 'O', 'ø': 'o', 'Œ': 'OE', 'œ': 'oe', 'Đ': 'D', 'đ': 'd',
  'Ł': 'L', 'ł': 'l', 'Þ': 'TH', 'þ': 'th', 'Ð': 'D', 'ð': 'd', 'ı': 'i', '–': '-', '—': '-', '‘': "'", '’': "'",
  '“': '"', '”': '"', '…': '...' };

function toStringNumber(value, parse, what) {
  var number = parse(value.replace(CURRENCY_SIGNS, ''));
  if (Number.isNaN(number)) throw extensionError('cannot convert ' + describeInput(value) + ' to ' + what);
  return number;
}

function toDateTimeFromString(value, args, context) {
  var format = args[0];
  if (format === 'ms' || format === 's' || format === 'us' || format === 'excel') {
    return NUMBER_EXTENSIONS.toDateTime(Number(value), [format], context);
  }
  if (format) {
    var formatted = luxon.DateTime.fromFormat(value, String(format));
    if (formatted.isValid) return formatted;
    throw extensionError('cannot convert ' + describeInput(value) + ' to a Luxon DateTime with format ' +
      JSON.stringify(String(format)) + ': ' + formatted.invalidExplanation);
  }
  var parsed = parseDateTimeText(value);
  if (!parsed) throw extensionError('cannot convert ' + describeInput(value) + ' to a Luxon DateTime');
  return parsed;
}

/** Reads a date in the formats n8n accepts: ISO 8601, HTTP, RFC 2822, SQL, then what Date.parse reads. */
function parseDateTimeText(value) {
  var text = String(value).trim();
  var options = { setZone: true };
  var readers = [luxon.DateTime.fromISO, luxon.DateTime.fromHTTP, luxon.DateTime.fromRFC2822, luxon.DateTime.fromSQL];
  for (var i = 0; i < readers.length; i++) {
    var parsed = readers[i].call(luxon.DateTime, text, options);
    if (parsed.isValid) return parsed;
  }
  var millis = Date.parse(text);
  return Number.isNaN(millis) ? null : luxon.DateTime.fromMillis(millis);
}

function removeMarkdown(value) {
  return value
    .replace(/^([ \t]*)(?:[*+-]|\d+\.)[ \t]+/gm, '$1')
    .replace(/^\x60{3}.*$\n?/gm, '')
    .replace(/<\/?[a-zA-Z][^>]*>/g, '')
    .replace(/^[=-]{2,}[ \t]*$/gm, '')
    .replace(/\[\^[^\]]+\](?::.*)?/g, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/^[ \t]{0,3}\[[^\]]+\]:\s+\S+.*$/gm, '')
    .replace(/^[ \t]*>[ \t]?/gm, '')
    .replace(/^#{1,6}[ \t]*(.*?)[ \t]*#*[ \t]*$/gm, '$1')
    .replace(/~~(.*?)~~/g, '$1')
    .replace(/(\*{1,3}|_{1,3})(\S(?:.*?\S)?)\1/g, '$2')
    .replace(/\x60+([^\x60]+)\x60+/g, '$1')
    .replace(/\n{3,}/g, '\n\n');
}

function titleCase(value) {
  var index = 0;
  return value.replace(/[^\s]+/g, function (word) {
    var first = index++ === 0;
    if (!first && TITLE_SMALL_WORDS.has(word)) return word;
    // The first letter, after any opening punctuation: '(hello' → '(Hello', but '3rd' stays '3rd'.
    return word.replace(/^([^\p{L}\p{N}]*)(\p{L})/u, function (all, before, letter) {
      return before + letter.toLocaleUpperCase();
    });
  });
}

function sentenceCase(value) {
  var capitalize = true;
  return value.replace(/[\p{L}!?.]/gu, function (char) {
    if (char === '!' || char === '?' || char === '.') { capitalize = true; return char; }
    var cased = capitalize ? char.toLocaleUpperCase() : char.toLocaleLowerCase();
    capitalize = false;
    return cased;
  });
}

function asciiFolded(value) {
  return value.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x00-\x7f]/g, function (char) {
    return Object.hasOwn(ASCII_LETTERS, char) ? ASCII_LETTERS[char] : '?';
  });
}

function quoteWith(value, args) {
  var mark = args[0] === undefined ? '"' : String(args[0]);
  var escaped = value.replace(/\\/g, '\\\\');
  if (mark !== '') escaped = escaped.split(mark).join('\\' + mark);
  return mark + escaped + mark;
}

function isEmail(value) {
  return EMAIL_PATTERN.test(value) && value.indexOf(' ') < 0;
}

function hashString(value, args) {
  var algorithm = (args[0] === undefined ? 'md5' : String(args[0])).toLowerCase();
  if (algorithm === 'base64') return base64FromBytes(utf8Encode(value));
  if (!Object.hasOwn(DIGESTS, algorithm)) {
    throw extensionError('hash(): unknown algorithm ' + algorithm + '. Available: ' + Object.keys(DIGESTS).join(', ') + ', base64');
  }
  return DIGESTS[algorithm](utf8Encode(value));
}

/** The path of a 'scheme://host/path?query' URL ('/' when it has none), as URL#pathname gives it. */
function urlPath(value) {
  var match = /^[a-z][a-z\d+.-]*:\/\/[^/?#\s]*([^?#\s]*)(?:[?#]\S*)?$/i.exec(value.trim());
  if (!match) return undefined;
  return match[1] === '' ? '/' : match[1];
}

function toStringInt(value, args) {
  var radix = args[0];
  return toStringNumber(value, function (text) { return parseInt(text, radix); }, 'an integer');
}

function toStringFloat(value) {
  if (value.indexOf(',') >= 0) throw extensionError('cannot convert ' + describeInput(value) + ' to a float: use . as the decimal separator');
  return toStringNumber(value, parseFloat, 'a float');
}

var STRING_EXTENSIONS = {
  isEmpty: function (value) { return value === ''; },
  isNotEmpty: function (value) { return value !== ''; },
  isBlank: function (value) { return value.trim() === ''; },
  isNotBlank: function (value) { return value.trim() !== ''; },
  length: function (value) { return value.length; },
  toJsonString: function (value) { return JSON.stringify(value); },
  parseJson: function (value) {
    try {
      return JSON.parse(value);
    } catch (error) {
      var hint = value.indexOf("'") >= 0 ? " Check you're using double quotes." : '';
      throw extensionError('parseJson(): the string is not valid JSON (' + describeError(error).message + ').' + hint);
    }
  },
  urlEncode: function (value, args) { return args[0] ? encodeURI(value) : encodeURIComponent(value); },
  urlDecode: function (value, args) { return args[0] ? decodeURI(value) : decodeURIComponent(value); },
  base64Encode: function (value) { return base64FromBytes(utf8Encode(value)); },
  base64Decode: function (value) { return utf8Decode(bytesFromBase64(value)); },
  hash: hashString,
  extractDomain: function (value) {
    if (isEmail(value)) return EMAIL_PATTERN.exec(value)[1];
    var match = DOMAIN_OF_URL.exec(value);
    return match ? match[1] : undefined;
  },
  extractEmail: function (value) {
    var match = EMAIL_PATTERN.exec(value);
    return match ? match[0] : undefined;
  },
  extractUrl: function (value) {
    var match = URL_ANYWHERE.exec(value);
    return match ? match[0] : undefined;
  },
  extractUrlPath: urlPath,
  isEmail: isEmail,
  isUrl: function (value) { return URL_EXACT.test(value); },
  isDomain: function (value) { return DOMAIN_EXACT.test(value); },
  isNumeric: function (value) {
    return value.indexOf(' ') < 0 && !Number.isNaN(Number(value)) && !Number.isNaN(parseFloat(value));
  },
  removeMarkdown: removeMarkdown,
  removeTags: function (value) { return value.replace(/<[^>]*>?/g, ''); },
  replaceSpecialChars: asciiFolded,
  quote: quoteWith,
  toNumber: function (value) { return toStringNumber(value, Number, 'a number'); },
  toInt: toStringInt,
  toWholeNumber: toStringInt,
  toFloat: toStringFloat,
  toDecimalNumber: toStringFloat,
  toBoolean: function (value) {
    var lower = value.toLowerCase();
    return lower !== '' && lower !== 'false' && lower !== 'no' && lower !== '0';
  },
  toDate: function (value) {
    var date = new Date(Date.parse(value));
    if (Number.isNaN(date.getTime())) throw extensionError('cannot convert ' + describeInput(value) + ' to a date');
    if (value.indexOf(':') < 0) date.setHours(0, 0, 0);
    return date;
  },
  toDateTime: toDateTimeFromString,
  toTitleCase: titleCase,
  toSentenceCase: sentenceCase,
  toSnakeCase: function (value) {
    return value
      .toLocaleLowerCase()
      .replace(/[ -]/g, '_')
      .replace(/[\u2000-\u206f\u2e00-\u2e7f!-\/:-@\[-\^\x60{-~]/g, '');
  },
};
`;
