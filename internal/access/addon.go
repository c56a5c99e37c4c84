package access

// Add-on purchases (tilkøb, docs/addons.md). The centre keeps each
// programme's catalogue of add-ons; a municipality's agreement (its
// training lead and the add-ons it orders) is its project lead's business,
// which KOMBIT's coordinators and administrators may step in on; only they
// may accept an order after the deadline. The supplier sees every order
// (it delivers them) and changes the tasks of the add-ons it delivers
// (ChangeTask), no other task of the municipality.

// ManageAddOns reports whether s may add and change a programme's add-on
// catalogue: KOMBIT's coordinators and administrators.
func ManageAddOns(s Subject) bool { return s.Role == Admin || s.Role == Coordinator }

// ViewAddOnCatalogue reports whether s may read a programme's add-on
// catalogue: everyone signed in (it is the offer to every municipality).
func ViewAddOnCatalogue(s Subject) bool { return s.Role.Valid() }

// ViewAgreement reports whether s may see the municipality's add-on
// agreement and orders: its own users and the central roles.
func ViewAgreement(s Subject, municipalityID int64) bool { return ViewMunicipality(s, municipalityID) }

// ChangeAgreement reports whether s may name the training lead and order
// and cancel add-ons for the municipality: the plan's owners (ChangePlan).
func ChangeAgreement(s Subject, municipalityID int64) bool { return ChangePlan(s, municipalityID) }

// AddOnException reports whether s may accept an order after the
// deadline (3 months before go-live), with a reason: KOMBIT's coordinators
// and administrators.
func AddOnException(s Subject) bool { return s.Role == Admin || s.Role == Coordinator }

// ViewAddOnOrders reports whether s may see every municipality's orders:
// the central roles (the supplier delivers them).
func ViewAddOnOrders(s Subject) bool { return s.Role.Central() }

// Refusals of add-on purchases, in Danish.
const (
	RefuseManageAddOns    = "kun KOMBIT's koordinatorer og administratorer kan ændre kataloget over tilkøb"
	RefuseAgreement       = "du har kun adgang til din egen kommunes tilkøbsaftale"
	RefuseChangeAgreement = "kun kommunens projektleder (og KOMBIT's koordinatorer og administratorer) kan bestille og afbestille tilkøb"
	RefuseAddOnException  = "kun KOMBIT's koordinatorer og administratorer kan give dispensation fra fristen for tilkøb"
	RefuseAddOnOrders     = "oversigten over alle kommuners tilkøb er forbeholdt KOMBIT, leverandøren og observatører; se din egen kommunes aftale"
)
