package cookiemonster

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInclusionStatusZero(t *testing.T) {
	var s InclusionStatus
	assert.True(t, s.IsInclude())
	assert.Equal(t, "Include", s.String())
	assert.NoError(t, s.Err())
	assert.Nil(t, s.Exclusions())
	assert.Nil(t, s.Warnings())
	for r := ExclusionReason(0); r < numExclusionReasons; r++ {
		assert.False(t, s.HasExclusion(r))
	}
}

func TestInclusionStatusString(t *testing.T) {
	var s InclusionStatus
	s.addWarning(WarnShadowingDomain)
	assert.True(t, s.IsInclude())
	assert.Equal(t, "Include; WarnShadowingDomain", s.String())

	s = InclusionStatus{}
	s.addExclusion(ExcludeSecureOnly)
	assert.Equal(t, "ExcludeSecureOnly", s.String())

	s.addExclusion(ExcludeNotOnPath)
	s.addExclusion(ExcludeSecureOnly) // idempotent
	assert.Equal(t, "ExcludeSecureOnly, ExcludeNotOnPath", s.String())
	assert.Equal(t, []ExclusionReason{ExcludeSecureOnly, ExcludeNotOnPath}, s.Exclusions())

	s.addWarning(WarnShadowingDomain)
	s.addWarning(WarnPortMismatch)
	assert.Equal(t, "ExcludeSecureOnly, ExcludeNotOnPath; WarnPortMismatch, WarnShadowingDomain", s.String())
	assert.Equal(t, []WarningReason{WarnPortMismatch, WarnShadowingDomain}, s.Warnings())

	s = InclusionStatus{}
	s.addExclusion(ExcludeSameSiteNoneInsecure)
	s.addWarning(WarnSameSiteNoneInsecure)
	assert.Equal(t, "ExcludeSameSiteNoneInsecure; WarnSameSiteNoneInsecure", s.String())
}

// reasonConsts returns, in declaration order, the names of the constants of
// type typ declared in inclusion.go's iota block, without the trailing count.
func reasonConsts(t *testing.T, typ string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "inclusion.go", nil, 0)
	require.NoError(t, err)
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST || len(g.Specs) == 0 {
			continue
		}
		first := g.Specs[0].(*ast.ValueSpec)
		if id, ok := first.Type.(*ast.Ident); !ok || id.Name != typ {
			continue
		}
		var names []string
		for i, sp := range g.Specs {
			v := sp.(*ast.ValueSpec)
			require.Len(t, v.Names, 1)
			if i > 0 {
				require.Empty(t, v.Values, "%s must follow iota", v.Names[0].Name)
			}
			if !strings.HasPrefix(v.Names[0].Name, "num") {
				names = append(names, v.Names[0].Name)
			}
		}
		return names
	}
	t.Fatalf("no const block of type %s", typ)
	return nil
}

func TestReasonNames(t *testing.T) {
	// Each reason's name is its own identifier, read from the source, so a
	// missing or swapped entry in a name table fails here.
	exclusions := reasonConsts(t, "ExclusionReason")
	require.Len(t, exclusions, int(numExclusionReasons))
	for i, name := range exclusions {
		r := ExclusionReason(i)
		assert.Equal(t, name, r.String())
		assert.Equal(t, name, r.GoString())
		assert.Equal(t, "cookiemonster: "+name, r.Error())
	}
	warnings := reasonConsts(t, "WarningReason")
	require.Len(t, warnings, int(numWarningReasons))
	for i, name := range warnings {
		w := WarningReason(i)
		assert.Equal(t, name, w.String())
		assert.Equal(t, name, w.GoString())
	}
	assert.Equal(t, "ExcludeDisallowedCharacter", ExcludeDisallowedCharacter.String())
	assert.Equal(t, "WarnAttributeValueExceedsMaxSize", WarnAttributeValueExceedsMaxSize.String())
	assert.Equal(t, "ExclusionReason(200)", ExclusionReason(200).String())
	assert.Equal(t, "WarningReason(200)", WarningReason(200).String())
}

// TestEveryReasonCounts proves that no reason falls outside its set: each
// exclusion, the highest included, excludes on its own and is reported, and
// each warning is kept.
func TestEveryReasonCounts(t *testing.T) {
	highest := numExclusionReasons - 1
	var top InclusionStatus
	top.addExclusion(highest)
	require.False(t, top.IsInclude(), "the highest reason, %s, must exclude", highest)
	require.ErrorIs(t, top.Err(), highest)
	for r := ExclusionReason(0); r < numExclusionReasons; r++ {
		var s InclusionStatus
		s.addExclusion(r)
		assert.False(t, s.IsInclude(), r.String())
		assert.True(t, s.hasOnlyExclusion(r), r.String())
		assert.Equal(t, []ExclusionReason{r}, s.Exclusions())
		assert.ErrorIs(t, s.Err(), r)
	}
	for w := WarningReason(0); w < numWarningReasons; w++ {
		var s InclusionStatus
		s.addWarning(w)
		assert.True(t, s.IsInclude(), w.String())
		assert.Equal(t, []WarningReason{w}, s.Warnings())
	}
	// A reason past the table is an unknown error, never nothing.
	var s InclusionStatus
	s.addExclusion(numExclusionReasons)
	assert.Equal(t, []ExclusionReason{ExcludeUnknownError}, s.Exclusions())
}

func TestInclusionStatusErr(t *testing.T) {
	for r := ExclusionReason(0); r < numExclusionReasons; r++ {
		other := ExcludeFailureToStore
		if r == other {
			other = ExcludeDomainMismatch
		}
		var s InclusionStatus
		s.addExclusion(r)
		s.addExclusion(other)
		err := s.Err()
		require.Error(t, err, "%v", r)
		assert.ErrorIs(t, err, r)
		assert.ErrorIs(t, err, other)
		for x := ExclusionReason(0); x < numExclusionReasons; x++ {
			if x != r && x != other {
				assert.NotErrorIs(t, err, x, "%v + %v is not %v", r, other, x)
			}
		}
		var se *StatusError
		require.True(t, errors.As(err, &se))
		assert.Equal(t, s, se.Status)
		assert.Equal(t, "cookiemonster: cookie excluded: "+s.String()+" ("+s.Explain()+")", err.Error())
	}
	// A warning alone is no error.
	var s InclusionStatus
	s.addWarning(WarnAttributeValueExceedsMaxSize)
	assert.NoError(t, s.Err())
	// Non-reason targets do not match.
	s.addExclusion(ExcludeHTTPOnly)
	assert.NotErrorIs(t, s.Err(), errors.New("cookiemonster: ExcludeHTTPOnly"))
}

func TestInclusionStatusHasOnlyRemove(t *testing.T) {
	var s InclusionStatus
	s.addExclusion(ExcludeInvalidDomain)
	assert.True(t, s.hasOnlyExclusion(ExcludeInvalidDomain))
	assert.True(t, s.HasExclusion(ExcludeInvalidDomain))
	s.addExclusion(ExcludeInvalidPrefix)
	assert.False(t, s.hasOnlyExclusion(ExcludeInvalidDomain))
	s.removeExclusion(ExcludeInvalidDomain)
	assert.True(t, s.hasOnlyExclusion(ExcludeInvalidPrefix))
	s.removeExclusion(ExcludeInvalidPrefix)
	assert.True(t, s.IsInclude())
	assert.False(t, s.HasExclusion(numExclusionReasons))
	assert.False(t, s.hasOnlyExclusion(numExclusionReasons))

	s.addWarning(WarnDomainNonASCII)
	assert.True(t, s.HasWarning(WarnDomainNonASCII))
	s.removeWarning(WarnDomainNonASCII)
	assert.False(t, s.HasWarning(WarnDomainNonASCII))
	s.addWarning(numWarningReasons) // ignored
	assert.Nil(t, s.Warnings())
	assert.False(t, s.HasWarning(numWarningReasons))

	// An out-of-range exclusion is recorded as an unknown error.
	s.addExclusion(numExclusionReasons + 3)
	assert.Equal(t, []ExclusionReason{ExcludeUnknownError}, s.Exclusions())
}

// allSameSiteWarnings are the warnings that an unrelated exclusion clears.
// sameSiteOnlyWarnings are cleared by any exclusion but
// unspecified-treated-as-Lax and None-insecure.
var sameSiteOnlyWarnings = []WarningReason{
	WarnSameSiteUnspecifiedCrossSiteContext,
	WarnSameSiteNoneInsecure,
	WarnSameSiteUnspecifiedLaxAllowUnsafe,
}

// downgradeOnlyWarnings are cleared by any exclusion but the Strict, Lax and
// unspecified-treated-as-Lax ones.
var downgradeOnlyWarnings = []WarningReason{
	WarnStrictLaxDowngradeStrictSameSite,
	WarnStrictCrossDowngradeStrictSameSite,
	WarnStrictCrossDowngradeLaxSameSite,
	WarnLaxCrossDowngradeStrictSameSite,
	WarnLaxCrossDowngradeLaxSameSite,
	WarnCrossSiteRedirectDowngradeChangesInclusion,
}

// otherWarnings are the warnings that no exclusion clears.
var otherWarnings = []WarningReason{
	WarnSecureAccessGrantedNonCryptographic,
	WarnAttributeValueExceedsMaxSize,
	WarnDomainNonASCII,
	WarnPortMismatch,
	WarnSchemeMismatch,
	WarnTentativelyAllowingSecureSourceScheme,
	WarnShadowingDomain,
	WarnThirdPartyPhaseout,
}

func TestAddExclusionClearsSameSiteWarnings(t *testing.T) {
	require.Equal(t, int(numWarningReasons), len(sameSiteOnlyWarnings)+len(downgradeOnlyWarnings)+len(otherWarnings))
	all := func() InclusionStatus {
		var s InclusionStatus
		for w := WarningReason(0); w < numWarningReasons; w++ {
			s.addWarning(w)
		}
		return s
	}
	everyWarning := all().Warnings()
	require.Len(t, everyWarning, int(numWarningReasons))
	// without returns every warning but those of the given groups, in order.
	without := func(groups ...[]WarningReason) []WarningReason {
		var out []WarningReason
		for _, w := range everyWarning {
			drop := false
			for _, g := range groups {
				drop = drop || slices.Contains(g, w)
			}
			if !drop {
				out = append(out, w)
			}
		}
		return out
	}

	for r := ExclusionReason(0); r < numExclusionReasons; r++ {
		s := all()
		s.addExclusion(r)
		var want []WarningReason
		switch r {
		case ExcludeSameSiteUnspecifiedTreatedAsLax:
			want = everyWarning
		case ExcludeSameSiteNoneInsecure:
			want = without(downgradeOnlyWarnings)
		case ExcludeSameSiteStrict, ExcludeSameSiteLax:
			want = without(sameSiteOnlyWarnings)
		default:
			want = otherWarnings
		}
		assert.Equal(t, want, s.Warnings(), "after %v", r)
	}

	// Both SameSite-warning exclusions together keep the SameSite
	// warnings; a third, unrelated one clears them.
	s := all()
	s.addExclusion(ExcludeSameSiteUnspecifiedTreatedAsLax)
	s.addExclusion(ExcludeSameSiteNoneInsecure)
	assert.Equal(t, without(downgradeOnlyWarnings), s.Warnings())
	s.addExclusion(ExcludeUserPreferences)
	assert.Equal(t, otherWarnings, s.Warnings())
	// Removing the exclusion does not bring them back.
	s.removeExclusion(ExcludeUserPreferences)
	assert.Equal(t, otherWarnings, s.Warnings())
}

// TestStatusErrorText checks the exact text of a status error: the names,
// then the plain-language explanation.
func TestStatusErrorText(t *testing.T) {
	var s InclusionStatus
	s.addExclusion(ExcludeSecureOnly)
	assert.Equal(t, "cookiemonster: cookie excluded: ExcludeSecureOnly (a Secure cookie can only be set from or sent to a secure origin (https, or http on localhost))", s.Err().Error())
}
