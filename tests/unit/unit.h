/* What the cmocka unit tests share (include after <cmocka.h>). */
#ifndef THIDUA_TEST_UNIT_H
#define THIDUA_TEST_UNIT_H

#include "core/error.h"

/* call fails (-1) with an error of this kind, code and field, and a message. */
#define assert_fails(call, e, want_kind, want_code, want_field)              \
	do {                                                                 \
		err_clear(&(e));                                             \
		assert_int_equal((call), -1);                                \
		assert_int_equal((e).kind, (want_kind));                     \
		assert_string_equal((e).code, (want_code));                  \
		assert_string_equal((e).field, (want_field));                \
		assert_true((e).message[0] != 0);                            \
	} while (0)

#endif
