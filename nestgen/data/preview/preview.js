// nestgen preview: shows and hides fields by a table params computed, checks values as the
// user types, and writes the parameter file the form would submit.  No network, no eval.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("nestgen-form").textContent);
  var SEP = "\u001f";
  var NUMBER = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;

  function fmt(template, fields) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(fields, key) ? String(fields[key]) : whole;
    });
  }
  function message(key, fields) { return fmt(data.messages[key], fields); }

  // Python's repr() of a str, then cut to 60 characters (nestgen.rosvalues.short)
  function pyRepr(text) {
    var quote = text.indexOf("'") >= 0 && text.indexOf('"') < 0 ? '"' : "'";
    var body = text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\r/g, "\\r")
      .replace(/\t/g, "\\t");
    if (quote === "'") body = body.replace(/'/g, "\\'");
    return quote + body + quote;
  }
  function short(shown) { return shown.length <= 60 ? shown : shown.slice(0, 57) + "..."; }
  function pyNumber(number, isFloat) {
    if (!isFloat) return String(number);
    if (Number.isInteger(number) && Math.abs(number) < 1e16) return number.toFixed(1);
    return String(number);
  }
  function asNumber(text) {
    if (!NUMBER.test(text)) return null;
    var number = parseFloat(text);
    var isFloat = !(Number.isInteger(number) && text.indexOf(".") < 0 && !/e/i.test(text));
    return { value: number, isFloat: isFloat };
  }

  function withHint(rules, text) {
    return rules.hint ? text + message("constraint", { text: rules.hint }) : text;
  }

  // The rules nestgen.params.constraints.check_value applies, for a value typed as text.
  function problems(rules, raw) {
    var secret = rules.noEcho;
    var shownText = function (text) { return secret ? "the value" : short(pyRepr(text)); };
    var found = [];
    var typed = raw;
    if (rules.type === "Number") {
      var number = asNumber(raw);
      if (number === null) return [withHint(rules, message("type-number", { value: shownText(raw) }))];
      typed = number;
    } else if (rules.type === "Json") {
      var parsed;
      try { parsed = JSON.parse(raw); } catch (error) {
        return [withHint(rules, message("type-json", { error: error.message }))];
      }
      if (parsed === null || typeof parsed !== "object") {
        return [withHint(rules, message("type-json-kind", { value: shownText(raw) }))];
      }
      return [];
    }
    var items = rules.type === "CommaDelimitedList"
      ? raw.split(",").map(function (item) { return item.trim(); }) : [typed];
    items.forEach(function (item) {
      if (rules.AllowedValues) {
        var ok = rules.type === "Number"
          ? rules.AllowedValues.some(function (a) { var n = asNumber(a); return n && n.value === item.value; })
          : rules.AllowedValues.indexOf(item) >= 0;
        if (!ok) {
          var allowed = secret ? "[***]" : rules.AllowedValues.join(", ");
          var value = rules.type === "Number" ? (secret ? "the value" : pyNumber(item.value, item.isFloat)) : shownText(item);
          found.push(message("allowed-values", { value: value, allowed: "[" + allowed + "]" }));
        }
      }
      if (typeof item === "string") {
        if (rules.patternError) found.push(rules.patternError);
        else if (rules.pattern && !new RegExp(rules.pattern[0], rules.pattern[1]).test(item)) {
          found.push(message("pattern", { value: shownText(item), pattern: rules.patternName }));
        }
      }
    });
    if (rules.type === "String") {
      var length = Array.from(raw).length;
      if (rules.MinLength && length < rules.MinLength[0]) {
        found.push(message("min-length", { value: shownText(raw), limit: rules.MinLength[1] }));
      }
      if (rules.MaxLength && length > rules.MaxLength[0]) {
        found.push(message("max-length", { value: shownText(raw), limit: rules.MaxLength[1] }));
      }
    }
    if (rules.type === "Number") {
      var shownNumber = secret ? "the value" : pyNumber(typed.value, typed.isFloat);
      if (rules.MinValue && typed.value < rules.MinValue[0]) {
        found.push(message("min-value", { value: shownNumber, limit: rules.MinValue[1] }));
      }
      if (rules.MaxValue && typed.value > rules.MaxValue[0]) {
        found.push(message("max-value", { value: shownNumber, limit: rules.MaxValue[1] }));
      }
    }
    return found.map(function (text) { return withHint(rules, text); });
  }

  function control(name) { return document.getElementById("f-" + name); }
  function rawValue(name) {
    var element = control(name);
    if (!element) return null;
    if (element.type === "checkbox") return element.checked ? "true" : "false";
    return element.value;
  }
  function visibleNow() {
    var key = data.choices.map(function (name) {
      var value = rawValue(name);
      return value === null ? data.choiceDefaults[name] : value;
    }).join(SEP);
    return new Set(data.table[key] || []);
  }

  // A field's messages: what params check says about its value (blank: not in the file).
  function messagesOf(name) {
    var rules = data.fields[name].rules;
    var raw = rawValue(name);
    if (data.fields[name].widget === "switch") return [];
    return raw === "" ? rules.empty : problems(rules, raw);
  }

  function submitted(name) {
    var rules = data.fields[name].rules;
    var raw = rawValue(name);
    if (rules.type === "Boolean") return raw === "true";
    if (rules.type === "Number") return NUMBER.test(raw) ? Number(raw) : raw;
    if (rules.type === "Json") {
      try { var parsed = JSON.parse(raw); if (parsed && typeof parsed === "object") return parsed; } catch (error) { /* text */ }
    }
    return raw;
  }

  function update() {
    var visible = visibleNow();
    document.querySelectorAll(".field[data-name]").forEach(function (element) {
      var name = element.getAttribute("data-name");
      var shown = visible.has(name);
      element.hidden = !shown;
      var twin = document.querySelector('.field[data-confirm="' + name + '"]');
      if (twin) twin.hidden = !shown;
      var box = document.getElementById("f-" + name + "-message");
      var found = shown ? messagesOf(name) : [];
      box.textContent = found.join("\n");
      element.classList.toggle("invalid", found.length > 0);
      if (twin) {
        var again = document.getElementById("f-" + name + "-confirm");
        var differs = shown && again.value !== rawValue(name);
        document.getElementById("f-" + name + "-confirm-message").textContent =
          differs ? data.texts["confirm-differs"] : "";
        twin.classList.toggle("invalid", differs);
      }
    });
    document.querySelectorAll("fieldset.group").forEach(function (group) {
      group.hidden = !group.querySelector(".field[data-name]:not([hidden])");
    });
    var values = {};
    var missing = [];
    data.order.forEach(function (name) {
      if (!visible.has(name) || !data.fields[name]) return;
      var raw = rawValue(name);
      if (raw === "") {
        if (data.fields[name].rules.empty.length) missing.push(name);
        return;
      }
      values[name] = submitted(name);
    });
    document.getElementById("values").textContent = JSON.stringify(values, null, 2) + "\n";
    document.getElementById("not-filled").textContent =
      missing.length ? data.texts["not-filled"] + ": " + missing.join(", ") : "";
  }

  var form = document.getElementById("deploy-form");
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
  document.documentElement.setAttribute("data-ready", "true");
})();
