# The pkg-config packages thidua builds against: one list for the main
# build (Makefile) and the fuzzers (tests/fuzz/fuzz.mk).
PKGS := libmicrohttpd jansson libsodium sqlite3 icu-uc icu-i18n pangocairo xlsxwriter libpq
