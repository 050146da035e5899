/* core/config.c - the settings table (name, type, default, range, doc) and
 * the vetter.conf reader.  Adding a setting means one line here. */
#include <stdio.h>

#include "core/common.h"
#include "io/file.h"
#include "vetter/config.h"

enum kind {
  K_DOUBLE,
  K_U32,
  K_COUNTRIES, /* char[], comma-separated alpha-2 codes */
  K_PATH,      /* char[], a file name; max is the capacity */
};

struct setting {
  const char *name;
  enum kind kind;
  size_t off;
  double def, min, max;
  const char *doc;
};

#define M(f) offsetof(struct vet_config, match.f)
#define C(f) offsetof(struct vet_config, f)
#define K(f) offsetof(struct vet_config, check.f)
#define R(f) offsetof(struct vet_config, risk.f)
#define L(f) offsetof(struct vet_config, link.f)
#define LW(k) offsetof(struct vet_config, link.weight[k])
#define CS(f) (double)sizeof(((struct vet_config *)0)->check.f) /* capacity of a text setting */
#define CP(f) (double)sizeof(((struct vet_config *)0)->f)

static const struct setting settings[] = {
    {"match.threshold", K_DOUBLE, M(threshold), 0.85, 0, 1, "hits scoring below are not reported"},
    {"match.limit", K_U32, M(limit), 10, 1, 10000, "most hits per query"},
    {"match.korean_sim", K_DOUBLE, M(korean_sim), 0.95, 0, 1, "token similarity when Korean romanization keys agree (Jong/Jeong/Chung)"},
    {"match.phonetic_sim", K_DOUBLE, M(phonetic_sim), 0.88, 0, 1, "token similarity when consonant skeletons agree (Muhammad/Mohammed)"},
    {"match.initial_sim", K_DOUBLE, M(initial_sim), 0.60, 0, 1, "similarity of an initial to a word with that first letter"},
    {"match.min_token_sim", K_DOUBLE, M(min_token_sim), 0.80, 0, 1, "typo similarity (lower of Jaro-Winkler and edit-distance ratio) below this does not align two tokens"},
    {"match.omission_weight", K_DOUBLE, M(omission_weight), 0.6, 0, 1, "weight share of a token missing on one side when everything else aligns (a missing middle name)"},
    {"match.generic_weight", K_DOUBLE, M(generic_weight), 0.15, 0, 1, "weight of a generic word or legal form relative to an ordinary word"},
    {"match.min_token_weight", K_DOUBLE, M(min_token_weight), 0.25, 0, 1, "floor of a token's rarity weight (common surnames)"},
    {"match.number_mismatch_factor", K_DOUBLE, M(number_mismatch_factor), 0.5, 0, 1, "multiplier when the numbers in two names differ"},
    {"match.generic_only_factor", K_DOUBLE, M(generic_only_factor), 0.5, 0, 1, "multiplier when only generic words align"},
    {"match.weak_alias_factor", K_DOUBLE, M(weak_alias_factor), 0.90, 0, 1, "multiplier for a match on a weak (low-quality) alias"},
    {"match.schema_mismatch_factor", K_DOUBLE, M(schema_mismatch_factor), 0.70, 0, 1, "multiplier when the query's type (person/organization) differs from the entity's"},
    {"match.dob_exact_boost", K_DOUBLE, M(dob_exact_boost), 0.30, 0, 1, "share of the gap to 1 closed by an exactly matching birth date"},
    {"match.dob_compatible_boost", K_DOUBLE, M(dob_compatible_boost), 0.15, 0, 1, "share of the gap closed by a birth date that agrees as far as both are known"},
    {"match.dob_conflict_factor", K_DOUBLE, M(dob_conflict_factor), 0.75, 0, 1, "multiplier when birth dates disagree"},
    {"match.country_match_boost", K_DOUBLE, M(country_match_boost), 0.10, 0, 1, "share of the gap closed when the query country is one of the entity's"},
    {"match.country_mismatch_factor", K_DOUBLE, M(country_mismatch_factor), 0.92, 0, 1, "multiplier when the entity has countries and none is the query's"},
    {"match.max_candidates", K_U32, M(max_candidates), 200, 1, 100000, "candidate names fully scored per query"},
    {"match.candidate_min_share", K_DOUBLE, M(candidate_min_share), 0.6, 0, 1, "share of the query's token weight a candidate must reach through the index"},
    {"match.max_posting_share", K_DOUBLE, M(max_posting_share), 0.02, 0, 1, "index keys found on more than this share of all names are not used to find candidates"},
    {"match.max_fuzzy_posting", K_U32, M(max_fuzzy_posting), 2000, 1, 100000000, "Korean-key, skeleton and typo keys found on more names than this are not used to find candidates (they would only add weak ones)"},
    {"match.typo_skip_df", K_U32, M(typo_skip_df), 8, 1, 100000000, "a query word found as written on this many list names or more is not also looked up as a typo of another word (speed; its one-letter neighbours are usually other names)"},
    {"match.typo_min_len", K_U32, M(typo_min_len), 5, 1, 64, "tokens this long or longer may match with a typo; shorter ones only exactly or by romanization/phonetic key"},
    {"match.max_name_bytes", K_U32, M(max_name_bytes), 1024, 16, 65536, "longest name accepted (bytes)"},
    {"lists.max_age_days", K_U32, C(lists_max_age_days), 30, 0, 100000, "`vetter lists` warns about lists older than this"},
    {"lists.update_min_ratio", K_DOUBLE, C(lists_update_min_ratio), 0.5, 0, 1, "a downloaded list must keep this share of the entities of the list it replaces"},
    {"lists.update_timeout_s", K_U32, C(lists_update_timeout_s), 300, 1, 86400, "per-file download timeout (seconds)"},
    {"check.sanctions_critical_score", K_DOUBLE, K(sanctions_critical_score), 0.95, 0, 1, "a sanctions name hit scoring this or more with an exact birth date is critical"},
    {"check.name_only_factor", K_DOUBLE, K(name_only_factor), 0.6, 0, 1, "weight multiplier of a sanctions name hit that no birth date or country confirms (common names match listed people by name alone)"},
    {"check.country_only_factor", K_DOUBLE, K(country_only_factor), 0.8, 0, 1, "weight multiplier of a sanctions name hit that only the country (not the birth date) confirms"},
    {"check.home_country_factor", K_DOUBLE, K(home_country_factor), 0.5, 0, 1, "weight multiplier of a payout account abroad that is in the country of the subject's own nationality (an expatriate's home bank)"},
    {"check.same_person_score", K_DOUBLE, K(same_person_score), 0.80, 0, 1, "two names (profile, document, payout holder) scoring below this with `vetter compare` are taken as different people"},
    {"check.email_name_min", K_DOUBLE, K(email_name_min), 0.30, 0, 1, "an email whose local part relates less than this to the person's name is unrelated to it"},
    {"check.expiry_grace_days", K_U32, K(expiry_grace_days), 0, 0, 3650, "a document that expired fewer days ago than this is not reported"},
    {"check.countries_sanctioned", K_COUNTRIES, K(countries_sanctioned), 0, 0, CS(countries_sanctioned), "countries under comprehensive sanctions; any tie to one is reported (default KP)"},
    {"check.countries_elevated", K_COUNTRIES, K(countries_elevated), 0, 0, CS(countries_elevated), "countries DPRK IT workers are reported to work or bank from (default CN,HK,MO,RU,LA,KH)"},
    {"check.pair_residence_payout", K_DOUBLE, K(pair_residence_payout), 1.0, 0, 1, "how telling it is that a bank payout account (or one of another or unknown kind) is in another country than the claimed residence"},
    {"check.pair_residence_payout_service", K_DOUBLE, K(pair_residence_payout_service), 0.35, 0, 1, "... a PayPal, Payoneer or Wise account in another country (they give freelancers receiving accounts abroad)"},
    {"check.pair_residence_phone", K_DOUBLE, K(pair_residence_phone), 0.6, 0, 1, "... a phone number of another country than the claimed residence"},
    {"check.pair_residence_address", K_DOUBLE, K(pair_residence_address), 0.8, 0, 1, "... a residence address in another country than the claimed residence"},
    {"check.pair_residence_other_address", K_DOUBLE, K(pair_residence_other_address), 0.4, 0, 1, "... a billing or shipping address in another country than the claimed residence"},
    {"check.pair_nationality_document", K_DOUBLE, K(pair_nationality_document), 0.8, 0, 1, "... a document giving another nationality than the profile"},
    {"check.pair_nationality_issuer", K_DOUBLE, K(pair_nationality_issuer), 0.5, 0, 1, "... a passport issued by another country than the profile's nationality"},
    {"check.pair_residence_issuer", K_DOUBLE, K(pair_residence_issuer), 0.15, 0, 1, "... a document issued by another country than the claimed residence (expatriates: weak)"},
    {"check.elevated_pair_boost", K_DOUBLE, K(elevated_pair_boost), 0.5, 0, 1, "share of the gap to 1 closed when the disagreeing country is an elevated-risk one"},
    {"check.family_holder_factor", K_DOUBLE, K(family_holder_factor), 0.5, 0, 1, "weight multiplier when a payout holder shares the subject's surname (a spouse or parent)"},
    {"check.remote_share", K_DOUBLE, K(remote_share), 0.2, 0, 1, "share of the sessions reporting their tools that ran a remote-access tool, from which behaviour.remote_access is reported"},
    {"check.vm_share", K_DOUBLE, K(vm_share), 0.5, 0, 1, "share of the sessions reporting it that ran in a virtual machine, from which behaviour.virtual_machine is reported"},
    {"check.round_the_clock_hours", K_U32, K(round_the_clock_hours), 20, 1, 24, "a UTC day whose first and last events are this many hours apart or more is worked round the clock"},
    {"check.round_the_clock_days", K_U32, K(round_the_clock_days), 2, 0, 366, "behaviour.round_the_clock is reported when more days than this are worked round the clock"},
    {"check.tz_mismatch_share", K_DOUBLE, K(tz_mismatch_share), 0.5, 0, 1, "share of the sessions reporting a browser time zone whose offset differs from the claimed zone's, from which behaviour.timezone_mismatch is reported"},
    {"check.tz_tolerance_min", K_U32, K(tz_tolerance_min), 60, 0, 1440, "a browser offset within this many minutes of the claimed zone's counts as the same (daylight-saving rules change, and ICU's copy of the tz database may be older than the browser's: Egypt and Mexico changed theirs in 2022-2023)"},
    {"check.max_events_per_subject", K_U32, K(max_events_per_subject), 100000, 1, 100000000, "only the newest this many events of a subject are analysed by the location and behaviour signals (bounds memory per subject)"},
    {"check.ip_min_sessions", K_U32, K(ip_min_sessions), 3, 1, 1000000, "fewer sessions with a located IP address: no share-based location signal (one login says little)"},
    {"check.anonymizer_share", K_DOUBLE, K(anonymizer_share), 0.3, 0, 1, "share of the located sessions through a VPN, hosting network or Tor from which location.anonymizer is reported"},
    {"check.high_risk_network_share", K_DOUBLE, K(high_risk_network_share), 0.2, 0, 1, "share of the located sessions from networks in a check.countries_elevated country (subject claiming to live elsewhere) from which location.high_risk_network is reported"},
    {"check.ip_country_share", K_DOUBLE, K(ip_country_share), 0.5, 0, 1, "share of the located, not anonymised sessions from a country other than the claimed residence from which location.country_mismatch is reported"},
    {"check.travel_max_kmh", K_DOUBLE, K(travel_max_kmh), 1000, 100, 100000, "consecutive logins from places further apart than this speed allows are impossible travel (airliners cruise at 800-950 km/h)"},
    {"check.travel_min_km", K_DOUBLE, K(travel_min_km), 500, 0, 20000, "hops shorter than this are never impossible travel (border regions, roaming, country centroids are coarse)"},
    {"check.travel_min_hops", K_U32, K(travel_min_hops), 2, 1, 1000000, "location.impossible_travel is reported from this many impossible hops (one mislocated address is common)"},
    {"check.language_share", K_DOUBLE, K(language_share), 0.5, 0, 1, "share of the sessions reporting languages whose first browser language is Korean or Chinese (claimed country where neither is spoken) from which behaviour.language_mismatch is reported"},
    {"check.language_profile_factor", K_DOUBLE, K(language_profile_factor), 0.5, 0, 1, "strength of behaviour.language_mismatch when only the profile's own languages (not the browsers') are Korean or Chinese (heritage speakers)"},
    {"check.rhythm_min_events", K_U32, K(rhythm_min_events), 40, 10, 100000000, "fewer events: no activity rhythm is inferred"},
    {"check.rhythm_min_shift_h", K_U32, K(rhythm_min_shift_h), 3, 1, 12, "behaviour.activity_rhythm is reported when the inferred UTC offset is this many hours or more from the claimed zone's"},
    {"check.rhythm_min_llr", K_DOUBLE, K(rhythm_min_llr), 0.15, 0, 10, "mean log-likelihood ratio per event (nats) of the inferred offset over the claimed zone's below which the rhythm is not reported (the fit's confidence)"},
    {"check.rhythm_other_factor", K_DOUBLE, K(rhythm_other_factor), 0.5, 0, 1, "strength of behaviour.activity_rhythm when the inferred offset is not UTC+8 to UTC+9 (China, the Koreas)"},
    {"check.rhythm_night_share", K_DOUBLE, K(rhythm_night_share), 0.1, 0, 1, "behaviour.activity_rhythm with a shift below check.rhythm_sure_shift_h needs at least this share of the events at 01:00-06:00 in the claimed zone (a night owl a few hours late still sleeps then)"},
    {"check.rhythm_sure_shift_h", K_U32, K(rhythm_sure_shift_h), 6, 1, 12, "an inferred offset this many hours or more from the claimed zone's is reported without looking at the night (no night owl is that late)"},
    {"check.takeover_min_age_days", K_U32, K(takeover_min_age_days), 90, 0, 36500, "an account at least this old (created_at, else its first event) is established for behaviour.account_takeover"},
    {"check.takeover_window_days", K_U32, K(takeover_window_days), 7, 1, 365, "a new device, a new IP country and a payout change all within this many days of each other are behaviour.account_takeover"},
    {"check.farm_window_days", K_U32, K(farm_window_days), 30, 1, 3650, "sessions of different subjects from one IP address or device this many days apart or less are together (location.laptop_farm)"},
    {"check.farm_min_subjects", K_U32, K(farm_min_subjects), 3, 2, 100000, "location.laptop_farm is reported when this many distinct subjects log in from one residential IP address within the window"},
    {"check.farm_max_subjects", K_U32, K(farm_max_subjects), 50, 2, 1000000, "an address shared by more subjects than this within the window is a shared network (carrier-grade NAT, a campus), not a farm"},
    {"check.farm_device_min_subjects", K_U32, K(farm_device_min_subjects), 2, 2, 100000, "location.laptop_farm is reported when this many distinct subjects use one device id within the window"},
    {"check.farm_claims_factor", K_DOUBLE, K(farm_claims_factor), 0.6, 0, 1, "strength of location.laptop_farm on a shared address where no remote-access tool, KVM or virtual machine was seen and only the subjects' different claimed cities or countries betray it (an office or a family shares one address and claims one place)"},
    {"check.collusion_window_days", K_U32, K(collusion_window_days), 30, 1, 3650, "reviews of members of one group of linked subjects by one client this many days apart or less are together (ring.review_collusion)"},
    {"check.collusion_min_members", K_U32, K(collusion_min_members), 3, 2, 100000, "ring.review_collusion is reported when one client reviewed this many distinct members of the subject's group (the subject included) within the window"},
    {"check.collusion_max_reviews", K_U32, K(collusion_max_reviews), 10000, 1, 1000000000, "a client with more reviews than this in the input (a marketplace's or a staffing agency's own account) is not judged by how many members of a group it reviewed; a client that is itself a member of the subject's group still is"},
    {"ip.mmdb", K_PATH, C(ip_mmdb), 0, 0, CP(ip_mmdb), "a MaxMind-format database (GeoLite2-City, DB-IP, IPinfo .mmdb) giving city coordinates and countries over the built-in table; empty for none"},
    {"link.min_strength", K_DOUBLE, L(min_strength), 0.5, 0, 1, "a shared identifier links subjects into a group when its strength (link.weight.<kind>, times link.family_factor for a family) reaches this"},
    {"link.max_subjects", K_U32, L(max_subjects), 25, 2, 1000000, "an identifier shared by more subjects than this is common (a shared office address, a payment processor's account), not a link"},
    {"link.family_factor", K_DOUBLE, L(family_factor), 0.4, 0, 1, "strength multiplier of a payout account, payout holder or address shared only by subjects with one surname (a family)"},
    {"link.photo_max_distance", K_U32, L(photo_max_distance), 10, 0, 32, "images whose perceptual hashes differ in at most this many of 64 bits are the same picture (docs/linking.md)"},
    {"link.text_min_jaccard", K_DOUBLE, L(text_min_jaccard), 0.85, 0.1, 1, "resumes or bios whose estimated Jaccard similarity of 3-word shingles reaches this are near duplicates (honest resumes written from one template reach about 0.8)"},
    {"link.text_min_words", K_U32, L(text_min_words), 30, 3, 100000, "texts with fewer words are not compared (headlines and short bios are boilerplate)"},
    {"link.photo_dir", K_PATH, L(photo_dir), 0, 0, CP(link.photo_dir), "directory of the image files named by relative \"photo\" values (PNG or JPEG, hashed when a subject has no \"photo_phash\"; URLs are never fetched); empty for the current directory"},
    {"link.max_group_size", K_U32, L(max_group_size), 100, 2, 100000000, "a connected component of more subjects than this is not taken as one ring: it is split by joining only over its stronger shared identifiers, one strength level at a time (a chain of coincidences, such as near-duplicate resumes from one template, otherwise joins thousands of accounts)"},
    {"link.raise_min_score", K_DOUBLE, L(raise_min_score), 50, 0, 100, "a group member whose own score (its findings other than ring.*) reaches this raises the other members (ring.high_risk_member); 50 is the default start of band high"},
    {"link.weight.email", K_DOUBLE, LW(VET_LINK_EMAIL), 0.9, 0, 1, "strength of a shared mailbox (canonical form)"},
    {"link.weight.phone", K_DOUBLE, LW(VET_LINK_PHONE), 0.8, 0, 1, "strength of a shared phone number (E.164)"},
    {"link.weight.device", K_DOUBLE, LW(VET_LINK_DEVICE), 0.9, 0, 1, "strength of a shared device id"},
    {"link.weight.payout", K_DOUBLE, LW(VET_LINK_PAYOUT), 1.0, 0, 1, "strength of a shared payout account"},
    {"link.weight.crypto", K_DOUBLE, LW(VET_LINK_CRYPTO), 1.0, 0, 1, "strength of a shared crypto address"},
    {"link.weight.holder", K_DOUBLE, LW(VET_LINK_HOLDER), 0.7, 0, 1, "strength of one third-party payout holder for several subjects"},
    {"link.weight.document", K_DOUBLE, LW(VET_LINK_DOCUMENT), 1.0, 0, 1, "strength of a shared document number"},
    {"link.weight.address", K_DOUBLE, LW(VET_LINK_ADDRESS), 0.5, 0, 1, "strength of a shared postal address"},
    {"link.weight.profile", K_DOUBLE, LW(VET_LINK_PROFILE), 0.9, 0, 1, "strength of a shared GitHub or LinkedIn profile"},
    {"link.weight.website", K_DOUBLE, LW(VET_LINK_WEBSITE), 0.4, 0, 1, "strength of a shared personal website"},
    {"link.weight.photo", K_DOUBLE, LW(VET_LINK_PHOTO), 0.9, 0, 1, "strength of the same photo (perceptual hash)"},
    {"link.weight.text", K_DOUBLE, LW(VET_LINK_TEXT), 0.7, 0, 1, "strength of a near-duplicate resume or bio"},
    {"link.weight.ip", K_DOUBLE, LW(VET_LINK_IP), 0.6, 0, 1, "strength of a shared residential address (times check.farm_claims_factor without remote tools; an office is not a link)"},
    {"risk.band_medium", K_DOUBLE, R(band_medium), 25, 0, 100, "scores from this up are band medium"},
    {"risk.band_high", K_DOUBLE, R(band_high), 50, 0, 100, "scores from this up are band high"},
    {"risk.band_critical", K_DOUBLE, R(band_critical), 75, 0, 100, "scores from this up are band critical"},
    {"risk.critical_floor", K_DOUBLE, R(critical_floor), 90, 0, 100, "a critical finding (a sanctions identifier hit) lifts the score to at least this"},
};

/* Defaults of the text settings. */
static const struct {
  const char *name, *value;
} text_defaults[] = {
    {"check.countries_sanctioned", "KP"},
    {"check.countries_elevated", "CN,HK,MO,RU,LA,KH"},
};

/* rule.<id>.weight and rule.<id>.enabled, after the table above. */
#define RULE_W_(name, id) "rule." id ".weight",
static const char *const rule_weight_names[] = {VET_RULES(RULE_W_)};
#undef RULE_W_
#define RULE_E_(name, id) "rule." id ".enabled",
static const char *const rule_enabled_names[] = {VET_RULES(RULE_E_)};
#undef RULE_E_

static void put(struct vet_config *c, const struct setting *s, double v)
{
  char *p = (char *)c + s->off;
  if (s->kind == K_DOUBLE)
    memcpy(p, &v, sizeof v);
  else if (s->kind == K_U32) {
    uint32_t u = (uint32_t)v;
    memcpy(p, &u, sizeof u);
  }
}

/* Check and store "CN, HK,ru" as "CN,HK,RU". */
static vet_err put_countries(struct vet_config *c, const struct setting *s, vet_str value, struct vet_error *e)
{
  char out[128];
  size_t n = 0, pos = 0;
  vet_str item;
  char list[256];
  if (value.len >= sizeof list)
    return vet_fail(e, VET_EPARSE, "setting '%s': too long", s->name);
  memcpy(list, value.ptr, value.len);
  list[value.len] = 0;
  while (vet_names_next(list, &pos, &item)) {
    if (item.len != 2 || !vet_is_ascii_alpha(item.ptr[0]) || !vet_is_ascii_alpha(item.ptr[1]))
      return vet_fail(e, VET_EPARSE, "setting '%s': '%.*s' is not an ISO 3166-1 alpha-2 code", s->name,
                      VET_STR_FMT(item));
    if (n + 3 > (size_t)s->max || n + 3 > sizeof out)
      return vet_fail(e, VET_EPARSE, "setting '%s': too many countries", s->name);
    if (n)
      out[n++] = ',';
    out[n++] = (char)vet_upper(item.ptr[0]);
    out[n++] = (char)vet_upper(item.ptr[1]);
  }
  out[n] = 0;
  memcpy((char *)c + s->off, out, n + 1);
  return VET_OK;
}

void vet_config_defaults(struct vet_config *c)
{
  memset(c, 0, sizeof *c);
  for (size_t i = 0; i < VET_COUNTOF(settings); i++)
    put(c, &settings[i], settings[i].def);
  for (size_t i = 0; i < VET_COUNTOF(text_defaults); i++)
    for (size_t j = 0; j < VET_COUNTOF(settings); j++)
      if (!strcmp(settings[j].name, text_defaults[i].name))
        (void)put_countries(c, &settings[j], vet_str_c(text_defaults[i].value), NULL);
  for (int r = 0; r < VET_RULE_COUNT; r++) {
    c->risk.weight[r] = vet_rule_get((enum vet_rule)r)->weight;
    c->risk.enabled[r] = 1;
  }
}

static vet_err set_rule(struct vet_config *c, const char *key, vet_str value, struct vet_error *e)
{
  for (int r = 0; r < VET_RULE_COUNT; r++) {
    bool w = !strcmp(key, rule_weight_names[r]);
    if (!w && strcmp(key, rule_enabled_names[r]))
      continue;
    if (w) {
      double v;
      if (vet_parse_double(value, &v) || v < 0 || v > 1)
        return vet_fail(e, VET_EPARSE, "setting '%s': '%.*s' is not a number in [0, 1]", key, VET_STR_FMT(value));
      c->risk.weight[r] = v;
    } else {
      bool on = vet_str_eq_c(value, "1") || vet_str_ieq_c(value, "true") || vet_str_ieq_c(value, "yes");
      bool off = vet_str_eq_c(value, "0") || vet_str_ieq_c(value, "false") || vet_str_ieq_c(value, "no");
      if (!on && !off)
        return vet_fail(e, VET_EPARSE, "setting '%s': '%.*s' is not true or false", key, VET_STR_FMT(value));
      c->risk.enabled[r] = on;
    }
    return VET_OK;
  }
  return vet_fail(e, VET_EPARSE, "unknown setting '%s' (`vetter rules` lists the rule ids)", key);
}

vet_err vet_config_set(struct vet_config *c, const char *key, vet_str value, struct vet_error *e)
{
  value = vet_str_trim(value);
  if (!strncmp(key, "rule.", 5))
    return set_rule(c, key, value, e);
  for (size_t i = 0; i < VET_COUNTOF(settings); i++) {
    const struct setting *s = &settings[i];
    if (strcmp(s->name, key) != 0)
      continue;
    if (s->kind == K_COUNTRIES)
      return put_countries(c, s, value, e);
    if (s->kind == K_PATH) {
      if (value.len >= (size_t)s->max)
        return vet_fail(e, VET_EPARSE, "setting '%s': path longer than %g bytes", key, s->max - 1);
      memcpy((char *)c + s->off, value.ptr, value.len);
      ((char *)c + s->off)[value.len] = 0;
      return VET_OK;
    }
    double v;
    if (s->kind == K_U32) {
      uint64_t u;
      if (vet_parse_u64(value, &u))
        return vet_fail(e, VET_EPARSE, "setting '%s': '%.*s' is not a whole number", key, VET_STR_FMT(value));
      v = (double)u;
    } else if (vet_parse_double(value, &v)) {
      return vet_fail(e, VET_EPARSE, "setting '%s': '%.*s' is not a number", key, VET_STR_FMT(value));
    }
    if (v < s->min || v > s->max)
      return vet_fail(e, VET_EPARSE, "setting '%s': %.*s is outside [%g, %g]", key, VET_STR_FMT(value), s->min, s->max);
    put(c, s, v);
    return VET_OK;
  }
  return vet_fail(e, VET_EPARSE, "unknown setting '%s'", key);
}

vet_err vet_config_load(struct vet_config *c, const char *path, struct vet_error *e)
{
  char *buf;
  size_t len;
  vet_err rc = vet_file_read(path, 1u << 20, &buf, &len, e);
  if (rc)
    return rc;
  struct vet_config tmp = *c;
  vet_str all = {buf, len};
  size_t line = 0, i = 0;
  while (i < all.len && !rc) {
    line++;
    const char *nl = memchr(all.ptr + i, '\n', all.len - i);
    size_t end = nl ? (size_t)(nl - all.ptr) : all.len;
    vet_str l = vet_str_trim((vet_str){all.ptr + i, end - i});
    i = end + 1;
    size_t hash = vet_str_find(l, "#", false);
    if (hash != SIZE_MAX)
      l = vet_str_trim(vet_str_sub(l, 0, hash));
    if (l.len == 0)
      continue;
    size_t eq = vet_str_find(l, "=", false);
    if (eq == SIZE_MAX) {
      rc = vet_fail(e, VET_EPARSE, "%s:%zu: expected 'key = value'", path, line);
      break;
    }
    vet_str k = vet_str_trim(vet_str_sub(l, 0, eq));
    char key[128];
    if (k.len == 0 || k.len >= sizeof key) {
      rc = vet_fail(e, VET_EPARSE, "%s:%zu: bad key", path, line);
      break;
    }
    memcpy(key, k.ptr, k.len);
    key[k.len] = 0;
    rc = vet_config_set(&tmp, key, vet_str_sub(l, eq + 1, l.len), e);
    if (rc)
      vet_error_prefix(e, "%s:%zu", path, line);
  }
  free(buf);
  if (!rc)
    *c = tmp;
  return rc;
}

bool vet_config_item(const struct vet_config *c, size_t i, const char **name, char *buf, size_t cap, const char **doc)
{
  size_t ns = VET_COUNTOF(settings);
  if (i >= ns) {
    size_t r = (i - ns) / 2;
    if (r >= VET_RULE_COUNT)
      return false;
    bool w = (i - ns) % 2 == 0;
    *name = w ? rule_weight_names[r] : rule_enabled_names[r];
    *doc = w ? "weight of a finding of this rule (docs/rules.md)" : "whether the rule runs (true/false)";
    if (w)
      snprintf(buf, cap, "%g", c->risk.weight[r]);
    else
      vet_cstr_copy(buf, cap, c->risk.enabled[r] ? "true" : "false");
    return true;
  }
  const struct setting *s = &settings[i];
  const char *p = (const char *)c + s->off;
  *name = s->name;
  *doc = s->doc;
  if (s->kind == K_COUNTRIES || s->kind == K_PATH) {
    vet_cstr_copy(buf, cap, p);
  } else if (s->kind == K_DOUBLE) {
    double v;
    memcpy(&v, p, sizeof v);
    snprintf(buf, cap, "%g", v);
  } else {
    uint32_t u;
    memcpy(&u, p, sizeof u);
    snprintf(buf, cap, "%u", u);
  }
  return true;
}
