/* lists/remarks.h - the OFAC remarks parser.  OFAC packs most facts about
 * an entry into one free-text Remarks field ("DOB 25 Mar 1977; POB Wuhan
 * City, Hubei, China; citizen China; Gender Male; Passport T14553558
 * (Iran) issued ...; Digital Currency Address - XBT 1abc...; a.k.a.
 * 'ZHOU, William'."); this turns the clauses it recognises into dates,
 * countries, identifiers, names and gender on an entity.  The legacy CSV
 * loader uses it, and so can any list that copies OFAC remarks (the CSL).
 * Owns: nothing; everything extracted goes through the entity sink.
 * Thread-safety: one thread at a time per vet_listset. */
#ifndef VET_LISTS_REMARKS_H
#define VET_LISTS_REMARKS_H

#include "core/common.h"
#include "vetter/entity.h"

/* At most this many facts (names, dates, countries, identifiers) are taken
 * from one remarks text: real entries carry fewer than 100, and the cap
 * keeps the sink's duplicate checks from going quadratic on hostile input. */
#define VET_REMARKS_MAX_ITEMS 256

/* Parse remarks (any bytes; OFAC style, clauses separated by ';') and add
 * what it recognises to en:
 *   DOB / Organization Established Date  -> dates ("circa", "1960 to 1962",
 *                                           "01 Jan 1960 to 31 Dec 1962")
 *   POB / nationality / citizen          -> countries (birth, nationality,
 *                                           citizenship; a place of birth
 *                                           counts when its last comma
 *                                           part is a country)
 *   Nationality of Registration          -> jurisdiction country
 *   Gender Male / Female                 -> en->gender 'M' / 'F'
 *   Passport, National ID No., Tax ID No., Registration Number, IMO, ...
 *                                        -> identifiers with the issuing
 *                                           country in parentheses; IMO
 *                                           numbers stay "IMO 1234567"
 *                                           (norm "IMO1234567") and are
 *                                           registrations whatever the label
 *   Email Address / Website / Phone Number / Fax -> contact identifiers
 *   Digital Currency Address - XBT ...   -> crypto identifier, currency XBT
 *   a.k.a. 'X' -> weak alias (OFAC lists its low-quality a.k.a.s in the
 *   remarks), f.k.a. / n.k.a. 'X' -> former name.
 * Unknown clauses ("Linked To: ...", sanctions notes) are ignored.  The
 * caller keeps the text itself with vet_entity_add_remarks.  Set
 * en->schema first: generic labels ("Identification Number") become
 * registrations for organizations, vessels and aircraft.  Linear in the
 * length of remarks.  Errors: VET_ENOMEM only. */
vet_err vet_remarks_apply(struct vet_listset *ls, struct vet_entity *en, vet_str remarks);

/* The name kind of an OFAC alias type ("aka", "fka", "nka", or one that
 * says "weak"); alias_remarks saying "weak" also make it a weak alias. */
enum vet_name_kind vet_remarks_alias_kind(vet_str alias_type, vet_str alias_remarks);

#endif
