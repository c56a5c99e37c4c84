package access_test

import (
	"testing"

	"github.com/udrul/udrul/internal/access"
)

func TestAddOnPolicy(t *testing.T) {
	centre := map[string]string{"admin": "y", "koordinator": "y"}
	check(t, "ManageAddOns", access.ManageAddOns, all("n", centre))
	check(t, "AddOnException", access.AddOnException, all("n", centre))
	check(t, "ViewAddOnCatalogue", access.ViewAddOnCatalogue, all("y", map[string]string{"ukendt rolle": "n"}))
	check(t, "ViewAddOnOrders", access.ViewAddOnOrders, all("n", map[string]string{"admin": "y", "koordinator": "y", "leverandør": "y", "observatør": "y"}))
	check(t, "ViewAgreement Aarhus", func(s access.Subject) bool { return access.ViewAgreement(s, aarhus) },
		all("y", map[string]string{"projektleder København": "n", "ukendt rolle": "n"}))
	check(t, "ChangeAgreement Aarhus", func(s access.Subject) bool { return access.ChangeAgreement(s, aarhus) },
		all("n", map[string]string{"admin": "y", "koordinator": "y", "projektleder Aarhus": "y"}))
}

// An add-on's tasks are the delivering supplier's; the purchase gives the
// supplier no other task of the municipality.
func TestChangeAddOnTask(t *testing.T) {
	addOn := access.Task{MunicipalityID: aarhus, Responsible: "Kommunen", AddOnSupplier: "Leverandøren"}
	if !access.ChangeTask(supplier, addOn) {
		t.Error("the supplier may change the tasks of the add-on it delivers")
	}
	other := access.Task{MunicipalityID: aarhus, Responsible: "Kommunen"}
	if access.ChangeTask(supplier, other) {
		t.Error("the supplier may not change the municipality's own tasks")
	}
	byOther := access.Task{MunicipalityID: aarhus, Responsible: "Leverandøren", AddOnSupplier: "Netcompany"}
	if access.ChangeTask(supplier, byOther) {
		t.Error("an add-on delivered by another supplier is not KMD's")
	}
	named := access.Task{MunicipalityID: aarhus, AddOnSupplier: "KMD"}
	if !access.ChangeTask(supplier, named) {
		t.Error("an add-on delivered by KMD by name is KMD's")
	}
	for _, s := range []access.Subject{observer, memberA, leadK} {
		if access.ChangeTask(s, addOn) {
			t.Errorf("%s may not change an add-on task", s.Role)
		}
	}
	if !access.ChangeTask(leadA, addOn) {
		t.Error("the project lead changes every task of the plan")
	}
}
