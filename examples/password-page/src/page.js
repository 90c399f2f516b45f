"use strict";
// Every text from the server is put in place with textContent (never innerHTML), so
// markup in a rule's message or an error shows as text. Passwords go only in POST bodies.

const $ = (id) => document.getElementById(id);
// The revision of the answer on screen: an older answer arriving late is ignored.
let shown = -1;
let retryTimer = null;

async function postJson(path, body) {
  try {
    const response = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      cache: "no-store",
    });
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch (_) {
      return { status: "failed", ok: false, revision: -1,
               message: `The page's server answered ${response.status}: ${text.slice(0, 200)}` };
    }
  } catch (e) {
    return { status: "failed", ok: false, revision: -1,
             message: `The page's server could not be reached: ${e}` };
  }
}

function rule(r) {
  const li = document.createElement("li");
  li.className = r.passed ? "pass" : "fail";
  li.dataset.rule = r.name;
  const mark = document.createElement("span");
  mark.className = "mark";
  mark.textContent = r.passed ? "\u2713" : "\u2717";
  const message = document.createElement("span");
  message.className = "message";
  message.textContent = r.message;
  const name = document.createElement("span");
  name.className = "name";
  name.textContent = ` (${r.name})`;
  li.append(mark, message, name);
  return li;
}

function render(view) {
  if (view.revision >= 0 && view.revision < shown) return;
  if (view.revision >= 0) shown = view.revision;
  const verdict = $("verdict");
  verdict.dataset.status = view.status;
  verdict.dataset.revision = String(view.revision);
  verdict.className = "verdict";
  switch (view.status) {
    case "empty":
      verdict.textContent = "Type a new password to see the tenant's rules.";
      $("rules").replaceChildren();
      break;
    case "checking":
      verdict.textContent = "Checking\u2026";
      break;
    case "throttled":
      verdict.textContent = view.message;
      break;
    case "checked": {
      const passed = view.rules.filter((r) => r.passed).length;
      verdict.classList.add(view.valid ? "valid" : "invalid");
      verdict.textContent = view.valid
        ? "This password meets every rule."
        : `Not yet: ${passed} of ${view.rules.length} rules pass.`;
      $("rules").replaceChildren(...view.rules.map(rule));
      break;
    }
    default:
      verdict.textContent = view.message;
      $("rules").replaceChildren();
  }
}

async function check() {
  clearTimeout(retryTimer);
  const password = $("new").value;
  const view = await postJson("/api/check", { password });
  render(view);
  if (view.status === "throttled" && $("new").value === password) {
    retryTimer = setTimeout(check, view.retry_in_ms);
  }
}

async function submit(event) {
  event.preventDefault();
  const outcome = $("outcome");
  const button = $("submit");
  button.disabled = true;
  outcome.className = "outcome";
  outcome.textContent = "Changing\u2026";
  const view = await postJson("/api/change", { current: $("current").value, new: $("new").value });
  outcome.className = view.ok ? "outcome ok" : "outcome error";
  outcome.textContent = view.message;
  if (view.ok) {
    $("current").value = "";
    $("new").value = "";
    render({ revision: -1, status: "empty" });
  }
  button.disabled = false;
}

async function about() {
  try {
    const response = await fetch("/api/about", { cache: "no-store" });
    const view = await response.json();
    $("who").textContent = view.text;
  } catch (e) {
    $("who").textContent = `The page's server could not be reached: ${e}`;
  }
}

$("new").addEventListener("input", check);
$("form").addEventListener("submit", submit);
about();
