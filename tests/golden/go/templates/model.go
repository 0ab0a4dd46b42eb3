package main



import (
	"encoding/json"
	"time"
)



type GroupRole struct {
	GroupId *string `json:"groupId,omitempty"`
	GroupRole *string `json:"groupRole,omitempty"`
	NullFields []string `json:"-"`
}

type Link struct {
	Href *string `json:"href,omitempty"`
	Rel *string `json:"rel,omitempty"`
	NullFields []string `json:"-"`
}

type OrganizationInvitation struct {

	CreatedAt *time.Time `json:"createdAt,omitempty"`

	ExpiresAt *time.Time `json:"expiresAt,omitempty"`

	GroupRoleAssignments *[]GroupRole `json:"groupRoleAssignments,omitempty"`

	Id *string `json:"id,omitempty"`

	InviterUsername *string `json:"inviterUsername,omitempty"`

	Links *[]Link `json:"links,omitempty"`

	OrgId *string `json:"orgId,omitempty"`

	OrgName string `json:"orgName"`

	Roles *[]string `json:"roles,omitempty"`

	TeamIds *[]string `json:"teamIds,omitempty"`

	Username *string `json:"username,omitempty"`

	NullFields []string `json:"-"`
}

func (o *OrganizationInvitation) MarshalJSON() ([]byte, error) {
	type noMethod OrganizationInvitation
	return json.Marshal(noMethod(*o))
}

func (o *OrganizationInvitation) GetCreatedAt() time.Time {
	if o == nil || o.CreatedAt == nil {
		var ret time.Time
		return ret
	}
	return *o.CreatedAt
}
func (o *OrganizationInvitation) GetCreatedAtOk() (*time.Time, bool) {
	if o == nil || o.CreatedAt == nil {
		return nil, false
	}
	return o.CreatedAt, true
}
func (o *OrganizationInvitation) HasCreatedAt() bool {
	return o != nil && o.CreatedAt != nil
}
func (o *OrganizationInvitation) SetCreatedAt(v time.Time) {
	o.CreatedAt = &v
}
func (o *OrganizationInvitation) SetCreatedAtNil() {
	o.CreatedAt = nil
}

func (o *OrganizationInvitation) GetExpiresAt() time.Time {
	if o == nil || o.ExpiresAt == nil {
		var ret time.Time
		return ret
	}
	return *o.ExpiresAt
}
func (o *OrganizationInvitation) GetExpiresAtOk() (*time.Time, bool) {
	if o == nil || o.ExpiresAt == nil {
		return nil, false
	}
	return o.ExpiresAt, true
}
func (o *OrganizationInvitation) HasExpiresAt() bool {
	return o != nil && o.ExpiresAt != nil
}
func (o *OrganizationInvitation) SetExpiresAt(v time.Time) {
	o.ExpiresAt = &v
}
func (o *OrganizationInvitation) SetExpiresAtNil() {
	o.ExpiresAt = nil
}

func (o *OrganizationInvitation) GetGroupRoleAssignments() []GroupRole {
	if o == nil || o.GroupRoleAssignments == nil {
		var ret []GroupRole
		return ret
	}
	return *o.GroupRoleAssignments
}
func (o *OrganizationInvitation) GetGroupRoleAssignmentsOk() (*[]GroupRole, bool) {
	if o == nil || o.GroupRoleAssignments == nil {
		return nil, false
	}
	return o.GroupRoleAssignments, true
}
func (o *OrganizationInvitation) HasGroupRoleAssignments() bool {
	return o != nil && o.GroupRoleAssignments != nil
}
func (o *OrganizationInvitation) SetGroupRoleAssignments(v []GroupRole) {
	o.GroupRoleAssignments = &v
}
func (o *OrganizationInvitation) SetGroupRoleAssignmentsNil() {
	o.GroupRoleAssignments = nil
}

func (o *OrganizationInvitation) GetId() string {
	if o == nil || o.Id == nil {
		var ret string
		return ret
	}
	return *o.Id
}
func (o *OrganizationInvitation) GetIdOk() (*string, bool) {
	if o == nil || o.Id == nil {
		return nil, false
	}
	return o.Id, true
}
func (o *OrganizationInvitation) HasId() bool {
	return o != nil && o.Id != nil
}
func (o *OrganizationInvitation) SetId(v string) {
	o.Id = &v
}
func (o *OrganizationInvitation) SetIdNil() {
	o.Id = nil
}

func (o *OrganizationInvitation) GetInviterUsername() string {
	if o == nil || o.InviterUsername == nil {
		var ret string
		return ret
	}
	return *o.InviterUsername
}
func (o *OrganizationInvitation) GetInviterUsernameOk() (*string, bool) {
	if o == nil || o.InviterUsername == nil {
		return nil, false
	}
	return o.InviterUsername, true
}
func (o *OrganizationInvitation) HasInviterUsername() bool {
	return o != nil && o.InviterUsername != nil
}
func (o *OrganizationInvitation) SetInviterUsername(v string) {
	o.InviterUsername = &v
}
func (o *OrganizationInvitation) SetInviterUsernameNil() {
	o.InviterUsername = nil
}

func (o *OrganizationInvitation) GetLinks() []Link {
	if o == nil || o.Links == nil {
		var ret []Link
		return ret
	}
	return *o.Links
}
func (o *OrganizationInvitation) GetLinksOk() (*[]Link, bool) {
	if o == nil || o.Links == nil {
		return nil, false
	}
	return o.Links, true
}
func (o *OrganizationInvitation) HasLinks() bool {
	return o != nil && o.Links != nil
}
func (o *OrganizationInvitation) SetLinks(v []Link) {
	o.Links = &v
}
func (o *OrganizationInvitation) SetLinksNil() {
	o.Links = nil
}

func (o *OrganizationInvitation) GetOrgId() string {
	if o == nil || o.OrgId == nil {
		var ret string
		return ret
	}
	return *o.OrgId
}
func (o *OrganizationInvitation) GetOrgIdOk() (*string, bool) {
	if o == nil || o.OrgId == nil {
		return nil, false
	}
	return o.OrgId, true
}
func (o *OrganizationInvitation) HasOrgId() bool {
	return o != nil && o.OrgId != nil
}
func (o *OrganizationInvitation) SetOrgId(v string) {
	o.OrgId = &v
}
func (o *OrganizationInvitation) SetOrgIdNil() {
	o.OrgId = nil
}

func (o *OrganizationInvitation) GetRoles() []string {
	if o == nil || o.Roles == nil {
		var ret []string
		return ret
	}
	return *o.Roles
}
func (o *OrganizationInvitation) GetRolesOk() (*[]string, bool) {
	if o == nil || o.Roles == nil {
		return nil, false
	}
	return o.Roles, true
}
func (o *OrganizationInvitation) HasRoles() bool {
	return o != nil && o.Roles != nil
}
func (o *OrganizationInvitation) SetRoles(v []string) {
	o.Roles = &v
}
func (o *OrganizationInvitation) SetRolesNil() {
	o.Roles = nil
}

func (o *OrganizationInvitation) GetTeamIds() []string {
	if o == nil || o.TeamIds == nil {
		var ret []string
		return ret
	}
	return *o.TeamIds
}
func (o *OrganizationInvitation) GetTeamIdsOk() (*[]string, bool) {
	if o == nil || o.TeamIds == nil {
		return nil, false
	}
	return o.TeamIds, true
}
func (o *OrganizationInvitation) HasTeamIds() bool {
	return o != nil && o.TeamIds != nil
}
func (o *OrganizationInvitation) SetTeamIds(v []string) {
	o.TeamIds = &v
}
func (o *OrganizationInvitation) SetTeamIdsNil() {
	o.TeamIds = nil
}

func (o *OrganizationInvitation) GetUsername() string {
	if o == nil || o.Username == nil {
		var ret string
		return ret
	}
	return *o.Username
}
func (o *OrganizationInvitation) GetUsernameOk() (*string, bool) {
	if o == nil || o.Username == nil {
		return nil, false
	}
	return o.Username, true
}
func (o *OrganizationInvitation) HasUsername() bool {
	return o != nil && o.Username != nil
}
func (o *OrganizationInvitation) SetUsername(v string) {
	o.Username = &v
}
func (o *OrganizationInvitation) SetUsernameNil() {
	o.Username = nil
}

func (o *OrganizationInvitation) GetOrgName() string {
	if o == nil {
		var ret string
		return ret
	}
	return o.OrgName
}
func (o *OrganizationInvitation) GetOrgNameOk() (*string, bool) {
	if o == nil {
		return nil, false
	}
	return &o.OrgName, true
}
func (o *OrganizationInvitation) SetOrgName(v string) {
	o.OrgName = v
}