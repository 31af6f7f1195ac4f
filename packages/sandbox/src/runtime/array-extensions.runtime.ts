/**
 * In-isolate source: n8n's array extension methods (`.first()`, `.sum()`, `.pluck('name')`, `.unique()`,
 * `.compact()`...). Comparisons are deep (two objects with the same fields are the same element), as in n8n.
 */
export const arrayExtensionsRuntimeSource = `
/** Structural equality of data values: primitives (NaN equals NaN), arrays, objects, dates. */
function deepEqual(left, right) {
  if (Object.is(left, right) || left === right) return true;
  if (left === null || right === null || typeof left !== 'object' || typeof right !== 'object') return false;
  if (Object.getPrototypeOf(left) !== Object.getPrototypeOf(right)) return false;
  if (left instanceof Date) return left.getTime() === right.getTime();
  if (luxon.DateTime.isDateTime(left)) return left.equals(right);
  if (Array.isArray(left)) {
    return left.length === right.length && left.every(function (entry, index) { return deepEqual(entry, right[index]); });
  }
  var keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every(function (key) { return Object.hasOwn(right, key) && deepEqual(left[key], right[key]); });
}

/** The elements without later duplicates; with fields given, objects are compared on those fields only. */
function uniqueElements(list, fields) {
  var identity = function (entry) {
    if (!fields || fields.length === 0 || entry === null || typeof entry !== 'object') return entry;
    var picked = {};
    fields.forEach(function (field) { picked[field] = entry[field]; });
    return picked;
  };
  var kept = [];
  var seen = [];
  list.forEach(function (entry) {
    var key = identity(entry);
    if (seen.some(function (other) { return deepEqual(other, key); })) return;
    seen.push(key);
    kept.push(entry);
  });
  return kept;
}

function containsEqual(list, value) {
  return list.some(function (entry) { return deepEqual(entry, value); });
}

function numbersOf(list, name) {
  list.forEach(function (entry) {
    if (typeof entry !== 'number') throw extensionError(name + '(): all array elements must be numbers');
  });
  return list;
}

function otherArray(args, name) {
  var other = args[0];
  if (!Array.isArray(other)) throw extensionError(name + '(): expected an array argument, e.g. .' + name + '([1, 2])');
  return other;
}

/** The entries of an object whose keys it lacks, added to a copy (its own values win). */
function mergeMissing(target, source) {
  var merged = copyFields(target);
  Object.keys(source).forEach(function (key) {
    if (!Object.hasOwn(merged, key)) defineDataField(merged, key, source[key]);
  });
  return merged;
}

/** null, undefined, '', 'nil' and empty objects or arrays are empty; containers are compacted inside. */
function compactValue(value) {
  if (Array.isArray(value)) {
    return value.filter(function (entry) { return !isCompactEmpty(entry); }).map(compactValue);
  }
  if (!isPlainObject(value)) return value;
  var out = {};
  Object.keys(value).forEach(function (key) {
    if (!isCompactEmpty(value[key])) defineDataField(out, key, compactValue(value[key]));
  });
  return out;
}

function isCompactEmpty(value) {
  if (value === null || value === undefined || value === '' || value === 'nil') return true;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

function chunked(list, size) {
  if (typeof size !== 'number' || !(size >= 1)) throw extensionError('chunk(): expected a positive number, e.g. .chunk(5)');
  var chunks = [];
  for (var i = 0; i < list.length; i += size) chunks.push(list.slice(i, i + size));
  return chunks;
}

function notDefinedForArrays() {
  return undefined;
}

var ARRAY_EXTENSIONS = {
  first: function (list) { return list[0]; },
  last: function (list) { return list[list.length - 1]; },
  isEmpty: function (list) { return list.length === 0; },
  isNotEmpty: function (list) { return list.length > 0; },
  randomItem: function (list) { return list.length === 0 ? undefined : list[Math.floor(Math.random() * list.length)]; },
  sum: function (list) { return numbersOf(list, 'sum').reduce(function (total, n) { return total + n; }, 0); },
  min: function (list) { return Math.min.apply(null, numbersOf(list, 'min')); },
  max: function (list) { return Math.max.apply(null, numbersOf(list, 'max')); },
  average: function (list) {
    numbersOf(list, 'average');
    return list.length === 0 ? 0 : ARRAY_EXTENSIONS.sum(list) / list.length;
  },
  pluck: function (list, fields) {
    if (fields.length === 0) return list;
    var out = [];
    list.forEach(function (entry) {
      if (entry === null || typeof entry !== 'object') return;
      var values = Object.keys(entry).filter(function (key) { return fields.indexOf(key) >= 0; })
        .map(function (key) { return entry[key]; });
      if (values.length > 0) out.push(values.length === 1 ? values[0] : values);
    });
    return out;
  },
  unique: uniqueElements,
  removeDuplicates: uniqueElements,
  compact: compactValue,
  chunk: function (list, args) { return chunked(list, args[0]); },
  difference: function (list, args) {
    var other = otherArray(args, 'difference');
    return uniqueElements(list.filter(function (entry) { return !containsEqual(other, entry); }));
  },
  intersection: function (list, args) {
    var other = otherArray(args, 'intersection');
    return uniqueElements(list.filter(function (entry) { return containsEqual(other, entry); }));
  },
  union: function (list, args) { return uniqueElements(list.concat(otherArray(args, 'union'))); },
  merge: function (list, args) {
    var others = args[0];
    if (others === undefined) {
      return list.reduce(function (merged, entry) { return isPlainObject(entry) ? mergeMissing(merged, entry) : merged; }, {});
    }
    if (!Array.isArray(others)) throw extensionError('merge(): expected an array argument, e.g. .merge([{ id: 1 }])');
    var merged = {};
    for (var i = 0; i < Math.max(list.length, others.length); i++) {
      if (isPlainObject(list[i]) && others[i] !== undefined && typeof others[i] === 'object') {
        merged = copyFields(mergeMissing(list[i], others[i] || {}), merged);
      }
    }
    return merged;
  },
  append: function (list, args) { return list.concat(args); },
  renameKeys: function (list, args) {
    if (args.length === 0 || args.length % 2 !== 0) {
      throw extensionError('renameKeys(): expected pairs of arguments: from1, to1 [, from2, to2, ...]');
    }
    return list.map(function (entry) {
      if (entry === null || typeof entry !== 'object') return entry;
      var renamed = copyFields(entry);
      for (var i = 0; i < args.length; i += 2) {
        if (!Object.hasOwn(renamed, args[i])) continue;
        var value = renamed[args[i]];
        delete renamed[args[i]];
        defineDataField(renamed, args[i + 1], value);
      }
      return renamed;
    });
  },
  smartJoin: function (list, args) {
    var keyField = args[0];
    var valueField = args[1];
    if (typeof keyField !== 'string' || typeof valueField !== 'string' || !keyField || !valueField) {
      throw extensionError('smartJoin(): expected two field names, e.g. .smartJoin("name", "value")');
    }
    var joined = {};
    list.forEach(function (entry) {
      if (entry !== null && typeof entry === 'object' && keyField in entry && valueField in entry) {
        defineDataField(joined, String(entry[keyField]), entry[valueField]);
      }
    });
    return joined;
  },
  toJsonString: function (list) { return JSON.stringify(list); },
  toInt: notDefinedForArrays,
  toFloat: notDefinedForArrays,
  toBoolean: notDefinedForArrays,
  toDateTime: notDefinedForArrays,
};
`;
