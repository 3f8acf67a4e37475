// Offline use (issue 19.1), on every page: registers the service worker (/sw.js), shows
// "offline / n changes waiting / synced" in #offline-status, saves a course for offline
// (course page), queues "mark as complete" and journal entries in an outbox
// (IndexedDB) while offline and sends them to the sync endpoint when back online, and
// clears this person's saved pages and outbox on logout.
//
// Every word comes from data-* attributes the templates render in the reader's
// language (lms/templatetags/offline_tags.py). Without this script, or without service
// workers, pages work as before, online.
(function () {
  "use strict";
  if (!window.Promise || !window.fetch) return;

  var body = document.body;
  var user = body.getAttribute("data-offline-user");
  var syncUrl = body.getAttribute("data-offline-sync");
  var status = document.getElementById("offline-status");
  var words = status ? status.dataset : {};
  var language = document.documentElement.lang || "it";
  var CACHE_PREFIX = "impact-offline-u";
  var DB_NAME = "impact-offline";
  var api = { ready: null };
  window.impactOffline = api;

  function say(name, values) {
    var text = words[name] || "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("%(" + key + ")s").join(String(values[key]));
    });
    return text;
  }

  function plural(name, count) {
    var category = "other";
    try { category = new Intl.PluralRules(language).select(count); } catch (e) { /* old browser */ }
    var key = name + category.charAt(0).toUpperCase() + category.slice(1);
    var camel = name + "Other";
    return (words[key] || words[camel] || "").split("%(count)s").join(String(count));
  }

  function sizeText(bytes) {
    var megabytes = bytes / (1024 * 1024);
    var unit = megabytes >= 1 ? "megabyte" : "kilobyte";
    var value = megabytes >= 1 ? megabytes : Math.max(1, Math.round(bytes / 1024));
    try {
      return new Intl.NumberFormat(language, {
        style: "unit", unit: unit, maximumFractionDigits: 1
      }).format(value);
    } catch (e) {
      return (Math.round(value * 10) / 10) + (megabytes >= 1 ? " MB" : " KB");
    }
  }

  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }

  function cacheName() { return CACHE_PREFIX + user; }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  // --- The outbox (IndexedDB) ---------------------------------------------------------

  function openDb() {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) { reject(new Error("no IndexedDB")); return; }
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore("outbox", { keyPath: "key" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function store(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction("outbox", mode);
        var result = work(transaction.objectStore("outbox"));
        transaction.oncomplete = function () {
          db.close();
          resolve(result && "result" in result ? result.result : undefined);
        };
        transaction.onerror = function () { db.close(); reject(transaction.error); };
      });
    });
  }

  function pending() {
    if (!user) return Promise.resolve([]);
    return store("readonly", function (outbox) { return outbox.getAll(); }).then(function (all) {
      return (all || []).filter(function (item) { return item.user === user; })
        .sort(function (a, b) { return a.created - b.created; });
    }, function () { return []; });
  }

  function queue(action) {
    action.key = newKey();
    action.user = user;
    action.created = Date.now();
    action.url = location.pathname;
    return pending().then(function (items) {
      // One journal entry per lesson waits: the newest text replaces the older one.
      var replaced = items.filter(function (item) {
        if (action.type !== item.type) return false;
        if (action.type === "journal") return item.lesson === action.lesson;
        // A quiz page sent again offline: its newest answers replace the older ones.
        return action.type === "quiz" && item.target === action.target && item.page === action.page;
      });
      return store("readwrite", function (outbox) {
        replaced.forEach(function (item) { outbox.delete(item.key); });
        outbox.put(action);
      });
    }).then(refresh);
  }

  function remove(keys) {
    if (!keys.length) return Promise.resolve();
    return store("readwrite", function (outbox) {
      keys.forEach(function (key) { outbox.delete(key); });
    });
  }

  // --- The indicator ----------------------------------------------------------------

  var state = { synced: false, syncing: false, signedOut: false };

  function show(text) {
    if (!status) return;
    var line = status.querySelector(".offline-status__text");
    if (line.textContent !== text) line.textContent = text;
    status.classList.toggle("offline-status--on", !!text || !!status.querySelector("li"));
  }

  function refresh() {
    return pending().then(function (items) {
      var parts = [];
      if (!navigator.onLine) parts.push(say("offline"));
      if (items.length) {
        parts.push(plural("waiting", items.length));
        state.synced = false;
      }
      if (navigator.onLine && items.length && state.syncing) parts.push(say("syncing"));
      if (navigator.onLine && items.length && state.signedOut) parts.push(say("signedOut"));
      if (navigator.onLine && !items.length && state.synced) parts.push(say("synced"));
      show(parts.join(" "));
      return items;
    });
  }

  function problems(results) {
    if (!status || !results.length) return;
    var list = status.querySelector(".offline-status__problems");
    var heading = document.createElement("li");
    heading.textContent = plural("failed", results.length);
    list.appendChild(heading);
    results.forEach(function (result) {
      var item = document.createElement("li");
      item.textContent = result.message;
      list.appendChild(item);
    });
    status.classList.add("offline-status--on");
  }

  // --- Sync -------------------------------------------------------------------------

  function freshToken() {
    return fetch(syncUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (data) { return data.csrf || ""; });
  }

  function post(actions, token) {
    return fetch(syncUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ actions: actions })
    });
  }

  var running = null;

  function withToken(send) {
    return send(cookie("csrftoken")).then(function (response) {
      if (response.status !== 403) return response;
      return freshToken().then(send);
    });
  }

  // A practice quiz's answers, one attempt page at a time (assessments.offline_views).
  function syncQuiz(items) {
    return items.reduce(function (chain, item) {
      return chain.then(function (results) {
        return withToken(function (token) {
          return fetch(item.target, {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/json", "X-CSRFToken": token },
            body: JSON.stringify({ key: item.key, fields: item.fields, finish: item.finish })
          });
        }).then(function (response) {
          if (response.status === 401) { state.signedOut = true; return results; }
          if (response.status === 404) {
            return results.concat([{ key: item.key, status: "not_found", message: "" }]);
          }
          if (response.status === 400) {
            return response.json().then(function (data) {
              return results.concat([{ key: item.key, status: "invalid", message: data.error }]);
            });
          }
          if (!response.ok) return results;
          return response.json().then(function (data) { return results.concat([data]); });
        });
      });
    }, Promise.resolve([]));
  }

  function sync() {
    if (!user || !syncUrl || !navigator.onLine) return Promise.resolve();
    if (running) return running;
    running = pending().then(function (all) {
      if (!all.length) return null;
      state.syncing = true;
      refresh();
      var items = all.filter(function (item) { return item.type !== "quiz"; });
      var quizItems = all.filter(function (item) { return item.type === "quiz"; });
      if (!items.length) {
        return syncQuiz(quizItems).then(function (results) {
          return finishSync(quizItems, results);
        });
      }
      var actions = items.slice(0, 100).map(function (item) {
        var action = { key: item.key, type: item.type, lesson: item.lesson };
        if (item.type === "journal") action.text = item.text;
        return action;
      });
      return withToken(function (token) { return post(actions, token); }).then(function (response) {
        if (response.status === 401) { state.signedOut = true; return null; }
        if (!response.ok) return null;
        state.signedOut = false;
        return response.json().then(function (data) {
          return syncQuiz(quizItems).then(function (quizResults) {
            return finishSync(all, (data.results || []).concat(quizResults));
          });
        });
      });
    }).catch(function () { return null; }).then(function (results) {
      state.syncing = false;
      running = null;
      return pending().then(function (left) {
        if (results && !left.length) state.synced = true;
        return refresh().then(function () { return results; });
      });
    });
    return running;
  }
  // Drop what the server answered for (saved, or refused for good: shown), then bring
  // the saved copies of the pages concerned up to date.
  function finishSync(items, results) {
    var failed = results.filter(function (r) { return r.status !== "done"; });
    return remove(results.map(function (r) { return r.key; })).then(function () {
      problems(failed);
      var answered = results.map(function (r) { return r.key; });
      var urls = items.filter(function (item) {
        return answered.indexOf(item.key) >= 0;
      }).map(function (item) { return item.url; });
      return updateSaved(urls).then(function () { return results; });
    });
  }

  api.sync = sync;
  api.pending = pending;

  // After a sync, the saved copies of the pages it changed show the new state.
  function updateSaved(urls) {
    if (!window.caches || !user) return Promise.resolve();
    return caches.open(cacheName()).then(function (cache) {
      return Promise.all(urls.filter(function (url, index) {
        return url && urls.indexOf(url) === index;
      }).map(function (url) {
        return cache.match(url).then(function (old) {
          if (!old) return null;
          return fetch(url, { credentials: "same-origin", headers: { "X-Offline-Save": "1" } })
            .then(function (response) {
              if (response.ok && !response.redirected) return cache.put(url, response);
            });
        });
      }));
    }).catch(function () { return null; });
  }

  // --- Lessons: queue while offline -------------------------------------------------

  function lessonForms() {
    var article = document.querySelector("[data-offline-lesson]");
    if (!article || !user) return;
    var lesson = parseInt(article.getAttribute("data-offline-lesson"), 10);

    function queuedNote(form, text) {
      var note = document.createElement("p");
      note.className = "message message--info offline-queued";
      note.setAttribute("tabindex", "-1");
      note.textContent = text;
      form.parentNode.insertBefore(note, form.nextSibling);
      return note;
    }

    document.querySelectorAll("form").forEach(function (form) {
      var action = form.querySelector("input[name=action]");
      if (!action || (action.value !== "complete" && action.value !== "reflect")) return;
      form.addEventListener("submit", function (event) {
        if (navigator.onLine) return;
        event.preventDefault();
        if (action.value === "complete") {
          var nextButton = form.querySelector("[data-offline-next]");
          var next = nextButton && nextButton.getAttribute("data-offline-next");
          queue({ type: "complete", lesson: lesson }).then(function () {
            if (next) { location.href = next; return; }
            form.hidden = true;
            queuedNote(form, say("queuedComplete")).focus();
          });
        } else {
          var text = form.querySelector("textarea").value;
          if (!text.trim()) return;
          queue({ type: "journal", lesson: lesson, text: text }).then(function () {
            var old = form.querySelector(".offline-queued");
            if (old) old.remove();
            var note = document.createElement("p");
            note.className = "message message--info offline-queued";
            note.setAttribute("tabindex", "-1");
            note.textContent = say("queuedJournal");
            form.appendChild(note);
            note.focus();
          });
        }
      });
    });

    // A page read from the phone's cache shows what was queued since it was saved.
    pending().then(function (items) {
      items.forEach(function (item) {
        if (item.lesson !== lesson) return;
        document.querySelectorAll("form").forEach(function (form) {
          var action = form.querySelector("input[name=action]");
          if (!action) return;
          if (item.type === "complete" && action.value === "complete" && !form.hidden &&
              !form.querySelector("[data-offline-next]")) {
            form.hidden = true;
            queuedNote(form, say("queuedComplete"));
          }
          if (item.type === "journal" && action.value === "reflect") {
            form.querySelector("textarea").value = item.text;
          }
        });
      });
    });
  }

  // --- Quizzes: a practice quiz is answered offline, any other one says it cannot -----

  function quizForms() {
    var form = document.querySelector("form[data-offline-quiz], form[data-offline-needs-connection]");
    if (!form || !user) return;
    var note = form.querySelector(".quiz__offline-note");
    var target = form.getAttribute("data-offline-quiz");
    if (target && navigator.onLine && window.caches) {
      // This attempt page opens offline later, from this person's cache.
      fetch(location.href, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok || response.redirected) return null;
        return caches.open(cacheName()).then(function (cache) {
          return cache.put(location.href, response);
        });
      }).catch(function () { return null; });
    }
    form.addEventListener("submit", function (event) {
      if (navigator.onLine) return;
      event.preventDefault();
      if (!target) {
        note.textContent = note.getAttribute("data-saved");
        note.hidden = false;
        note.focus();
        return;
      }
      var submitter = event.submitter;
      var finish = !!submitter && submitter.name === "summary";
      var fields = [];
      new FormData(form).forEach(function (value, name) {
        if (name !== "csrfmiddlewaretoken" && typeof value === "string") fields.push([name, value]);
      });
      var page = (form.querySelector("input[name=page]") || {}).value || "1";
      queue({ type: "quiz", target: target, page: page, fields: fields, finish: finish })
        .then(function () {
          note.textContent = note.getAttribute(finish ? "data-submitted" : "data-saved");
          note.hidden = false;
          note.focus();
        });
    });
  }

  // --- The course page: save for offline --------------------------------------------

  function saveCourse() {
    var section = document.querySelector("[data-offline-course]");
    if (!section || !user || !window.caches || !("serviceWorker" in navigator)) return;
    var listUrl = section.getAttribute("data-offline-course");
    var offlinePage = section.getAttribute("data-offline-page");
    var sizeLine = section.querySelector(".offline-save__size");
    var button = section.querySelector(".offline-save__button");
    var result = section.querySelector(".offline-save__result");
    var listing = null;
    section.hidden = false;

    caches.open(cacheName()).then(function (cache) {
      return cache.match(location.pathname);
    }).then(function (saved) {
      if (saved) result.textContent = say("alreadySaved");
    });

    function load() {
      if (!navigator.onLine) { sizeLine.textContent = say("needsConnection"); return; }
      fetch(listUrl, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      }).then(function (data) {
        listing = data;
        sizeLine.textContent = say("size", { size: sizeText(data.total_bytes) });
      }).catch(function () { sizeLine.textContent = ""; });
    }
    load();
    window.addEventListener("online", load);

    button.addEventListener("click", function () {
      if (!listing || !navigator.onLine) { result.textContent = say("needsConnection"); return; }
      var items = listing.items.concat([{ url: offlinePage, kind: "page", bytes: 0, aliases: [] }]);
      var done = 0;
      var stored = 0;
      button.disabled = true;
      result.textContent = say("saving", { done: 0, total: items.length });
      caches.open(listing.cache).then(function (cache) {
        // One at a time: a prepaid phone's connection is slow and may drop.
        return items.reduce(function (chain, item) {
          return chain.then(function () {
            return fetch(item.url, {
              credentials: "same-origin", headers: { "X-Offline-Save": "1" }
            }).then(function (response) {
              if (!response.ok || response.redirected) throw new Error(item.url);
              return response.blob().then(function (blob) {
                stored += blob.size;
                var copy = function () {
                  return new Response(blob, {
                    status: response.status, statusText: response.statusText,
                    headers: response.headers
                  });
                };
                return Promise.all([item.url].concat(item.aliases || []).map(function (url) {
                  return cache.put(url, copy());
                }));
              });
            }).then(function () {
              done += 1;
              result.textContent = say("saving", { done: done, total: items.length });
            });
          });
        }, Promise.resolve());
      }).then(function () {
        result.textContent = say("saved", { size: sizeText(stored) });
      }, function () {
        result.textContent = say("saveFailed");
      }).then(function () { button.disabled = false; });
    });
  }

  // --- Logout: nothing of this person stays on the phone -----------------------------

  function clearEverything() {
    var work = [];
    if (window.caches) {
      work.push(caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf(CACHE_PREFIX) === 0;
        }).map(function (name) { return caches.delete(name); }));
      }));
    }
    if (window.indexedDB) {
      work.push(new Promise(function (resolve) {
        var request = indexedDB.deleteDatabase(DB_NAME);
        request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
      }));
    }
    return Promise.all(work).catch(function () { return null; });
  }
  api.clear = clearEverything;

  function logoutForms() {
    document.querySelectorAll('form[action$="/accounts/logout/"]').forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (form.getAttribute("data-offline-cleared")) return;
        event.preventDefault();
        if (!navigator.onLine) {
          show(say("logoutOffline"));
          return;
        }
        var timeout = new Promise(function (resolve) { setTimeout(resolve, 5000); });
        Promise.race([sync(), timeout]).then(clearEverything).then(function () {
          form.setAttribute("data-offline-cleared", "1");
          form.submit();
        });
      });
    });
  }

  // Another person signed in on this phone: the previous person's pages go.
  function forgetOthers() {
    if (!user || !window.caches) return Promise.resolve();
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf(CACHE_PREFIX) === 0 && name !== cacheName();
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () {
      return store("readwrite", function (outbox) {
        var request = outbox.getAll();
        request.onsuccess = function () {
          (request.result || []).forEach(function (item) {
            if (item.user !== user) outbox.delete(item.key);
          });
        };
      });
    }).catch(function () { return null; });
  }

  // --- Start ------------------------------------------------------------------------

  // The worker is installed where offline use starts (a course an enrolled trainee can
  // save, a practice quiz), not for every visitor; once installed it keeps itself up to
  // date on each visit.
  var registered = Promise.resolve(null);
  var starts = document.querySelector(
    "[data-offline-course], form[data-offline-quiz], [data-offline-practice]"
  );
  if ("serviceWorker" in navigator && starts && user) {
    registered = navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).catch(function () { return null; });
  }

  window.addEventListener("online", function () { refresh(); sync(); });
  window.addEventListener("offline", refresh);
  lessonForms();
  quizForms();
  saveCourse();
  logoutForms();
  api.ready = Promise.all([registered, forgetOthers()]).then(function () {
    return refresh();
  }).then(function () {
    return navigator.onLine ? sync() : null;
  });
})();
