// Signing out clears what the note autosave keeps in this browser (localStorage), so the next person to use
// this device cannot read a child's details from it. A note being typed on this page is sent to the server
// first (the autosave exposes `window.carefileNoteAutosave.flush`), so signing out loses nothing.
//
// No inline script and no eval: it runs under a strict content security policy.
(function () {
  'use strict'
  var PREFIX = 'carefile:note-draft:'
  var FLUSH_WAIT_MS = 3000

  function clearDrafts () {
    try {
      var store = window.localStorage
      for (var i = store.length - 1; i >= 0; i--) {
        var key = store.key(i)
        if (key && key.indexOf(PREFIX) === 0) store.removeItem(key)
      }
    } catch (e) { /* no storage: nothing kept here */ }
  }

  function flushed () {
    var autosave = window.carefileNoteAutosave
    if (!autosave || typeof autosave.flush !== 'function') return Promise.resolve()
    var timeout = new Promise(function (resolve) { setTimeout(resolve, FLUSH_WAIT_MS) })
    return Promise.race([Promise.resolve().then(autosave.flush).catch(function () {}), timeout])
  }

  document.addEventListener('submit', function (event) {
    var form = event.target
    if (!form || !form.classList || !form.classList.contains('carefile-header__signout')) return
    if (form.dataset.signingOut === 'yes') return
    event.preventDefault()
    form.dataset.signingOut = 'yes'
    flushed().then(function () {
      clearDrafts()
      form.submit()
    })
  })
})()
