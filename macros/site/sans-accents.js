/* Accent-insensitive search for the handbook (see macros/site/recherche.py).
 *
 * Appended by the build to Material's copy of lunr-languages' French support
 * (assets/javascripts/lunr/min/lunr.fr.min.js), which Material's search worker loads
 * before it builds the index in the browser. Words are compared without their accents
 * on both sides:
 *
 * - the index: `lunr.fr`, the language plugin the worker applies to its index, is
 *   wrapped so that the index pipeline ends by folding each word (« Zoë » is indexed
 *   as « zoe », « échéancier » as « echeancier »), at the word's own position, so
 *   that Material still highlights it in the results;
 * - the query: every clause of a query is folded the same way. Material adds a
 *   trailing wildcard to each word typed, and lunr runs no pipeline on such a word:
 *   the folding is done where lunr records each clause (`lunr.Query#clause`), which
 *   Material's own analysis of the query goes through too.
 *
 * « Zoe », « Zoë » and « Zoé » then find the same pages. The search index file and the
 * pages are unchanged: the results show the text as written, accents included.
 */
(function (lunr) {
  "use strict";
  if (typeof lunr === "undefined" || !lunr.fr || lunr.fr.sansAccents) return;

  /* Letters that are two letters without their ligature. */
  var LIGATURES = { "œ": "oe", "æ": "ae" };

  function plier(mot) {
    return mot
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[œæ]/g, function (lettre) { return LIGATURES[lettre]; });
  }

  function sansAccents(token) {
    return token.update(plier);
  }
  lunr.Pipeline.registerFunction(sansAccents, "sansAccents-fr");

  /* True once an index is built with the wrapped plugin: only then are queries folded. */
  var actif = false;

  var francais = lunr.fr;
  var francaisSansAccents = function () {
    francais.apply(this, arguments);
    this.pipeline.add(sansAccents);
    actif = true;
  };
  /* Material removes the French trimmer and stemmer through these properties. */
  for (var cle in francais)
    if (Object.prototype.hasOwnProperty.call(francais, cle))
      francaisSansAccents[cle] = francais[cle];
  francaisSansAccents.sansAccents = sansAccents;
  lunr.fr = francaisSansAccents;

  var clause = lunr.Query.prototype.clause;
  lunr.Query.prototype.clause = function (c) {
    if (actif && c && typeof c.term === "string") c.term = plier(c.term);
    return clause.apply(this, arguments);
  };
})(typeof lunr !== "undefined" ? lunr : undefined);
